"""Class mode: an ASGI server the teacher runs, browser pages for students and the teacher's
dashboard, and an embedded SQLite database of the class's games (`brink class`)."""
