"""What boards announces so that higher layers can act on it without boards importing them."""

from django.dispatch import Signal

# Sent inside the transaction that saves a meeting, once for each outcome that newly agrees an
# action (a new outcome, or one switched to "action agreed"), with `outcome` (a MeetingOutcome
# carrying the board, summary, owner and due date) and `by` (the person recording the meeting).
# The actions layer puts a draft action on the board's plan; a receiver that raises undoes the save.
action_agreed = Signal()
