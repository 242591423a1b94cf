"""The given code of each assignment, written by the build."""
