"""What users touch: the command line, the Gradio UI, corpus admin, audit log and export. Interfaces call the pipeline, never the reverse."""
