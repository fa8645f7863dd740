"""rasa_sdk actions: read the tracker, call into `bot`, dispatch the replies."""
