"""The cards app's services, moving to a package by sub-domain (this commit: the module as is)."""

from .cards import *  # noqa: F403
