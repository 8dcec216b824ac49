"""Settings shared by every lesson's components."""

# Set explicitly: kfp warns that the default base image changes in 2027, and a
# pinned image makes cluster runs reproducible.
BASE_IMAGE = "python:3.11-slim"
