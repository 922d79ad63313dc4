"""Views of action plans, actions and "my actions"; each module serves one kind of page."""
