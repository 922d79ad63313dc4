"""Pages of the boards app: boards, meetings, escalations and calendar feeds, one module each."""
