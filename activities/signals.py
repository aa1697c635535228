"""What the activities app tells the apps above it, without knowing them.

``workflow_moved`` is sent by ``activities.workflow.transition`` inside the move's transaction,
after the history and audit rows are written: a receiver that queues a job (a notification)
has it committed, or rolled back, with the move. Receivers must not fail the move: they queue
work, they do not do it.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with activity (fresh, moved), action (activities.states.Action value), by (the user)
# and comment (the reviewer's, may be blank).
workflow_moved = Signal()
