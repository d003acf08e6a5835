"""The studios' API serializers, one module per topic."""
