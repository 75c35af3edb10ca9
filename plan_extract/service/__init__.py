"""The HTTP service: `plan-extract serve` (see service.app)."""
from plan_extract.service.app import ServiceSettings, create_app, openapi_document, serve

__all__ = ["ServiceSettings", "create_app", "openapi_document", "serve"]
