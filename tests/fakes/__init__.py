"""Extensions of the test stand-ins (the local Stripe server) that some tests need."""
