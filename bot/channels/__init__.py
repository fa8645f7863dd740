"""Rasa input channels: the WeChat Official Account connector."""
