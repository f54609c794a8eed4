"""The REST API and the map page (docs/serving.md), started by ``marsad serve``.

``marsad.serve.app.create_app`` builds the application; ``marsad.serve.command`` is the subcommand.
Nothing is imported here, so that the rest of the command line does not load FastAPI.
"""
