"""The backbone app's serializers, one module per topic."""
