from app.interfaces.cli import main

raise SystemExit(main())
