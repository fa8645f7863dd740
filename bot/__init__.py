"""Consular-help chatbot: answers from China's 2018 consular protection and assistance guide."""
