"""The HTTP layer: one thin router per resource over the app's ``Services`` (``ragqa.services``)."""
