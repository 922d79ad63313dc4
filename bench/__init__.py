"""The council-scale benchmark (`make bench`): not part of the app, never imported by it."""
