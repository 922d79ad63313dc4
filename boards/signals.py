"""What boards announces so that higher layers can act on it without boards importing them."""

from django.dispatch import Signal

# Sent inside the transaction that saves a meeting, once for each outcome that newly agrees an
# action (a new outcome, or one switched to "action agreed"), with `outcome` (a MeetingOutcome
# carrying the board, summary, owner and due date) and `by` (the person recording the meeting).
# The actions layer puts a draft action on the board's plan; a receiver that raises undoes the save.
action_agreed = Signal()

# Sent to ask whether a higher layer keeps something that a saved outcome made, with `outcome` and
# `user` (who is asking). Each receiver answers with what it keeps, in words that person may read
# ("the action “Patrol plan” on the Victim Board's plan"), or None. The meeting form then refuses
# the edits that would leave the two out of step.
outcome_kept = Signal()

# Sent to ask, before a meeting is saved, whether a higher layer would refuse an action agreed for
# `board`, with `board` and `user` (who is recording). Each receiver answers with the reason, in
# words that person may read, or None; the meeting form shows it beside that outcome.
action_refused = Signal()

# Sent inside the transaction that saves an edited meeting when it now feeds a more confidential
# board than it did, with `meeting` (as saved). Records that named the meeting for readers of a
# less confidential board (an agreed action's history, say) take its name off, as they would not
# have named it had it fed that board then.
meeting_reclassified = Signal()
