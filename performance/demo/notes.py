import datetime

DEMO_NOTE = "Demo data, made up to show how the service works."

# Demo plans and actions are dated this long before the load, so that what the Executive sees as
# "changed since the last meeting" is only what happened at and after the demo meetings.
BEFORE_THE_DEMO = datetime.timedelta(weeks=12)
