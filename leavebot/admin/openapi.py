"""The OpenAPI 3.1 document, generated from the route registry and its pydantic models.

Every schema comes from the models the handlers validate with: one call of
pydantic's ``models_json_schema`` (the many-model form of
``model_json_schema``, so input and output variants of a model get distinct
names) with ``ref_template="#/components/schemas/{model}"`` gives the
components; path and query models are unrolled into parameters (an optional
parameter drops its ``null`` branch: leaving it out is how a client says
nothing). Each operation lists its declared answers plus the errors every
route can give (400 bad input, 401 no or wrong token; 404 with path
parameters; 413 and 422 with a body), all in the one error shape. The
document sits behind the bearer token like the rest of ``/api``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from leavebot import __version__
from leavebot.admin.models import ErrorBody
from leavebot.admin.routing import Route

REF = "#/components/schemas/{model}"
JSON = dict[str, Any]


def _name(ref: JSON) -> str:
    return str(ref["$ref"]).rsplit("/", 1)[-1]


def _not_null(schema: JSON) -> JSON:
    """An optional parameter's schema without its ``null`` branch."""
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return schema
    rest = [o for o in options if o != {"type": "null"}]
    if len(rest) != 1 or len(rest) == len(options):
        return schema
    merged = {k: v for k, v in schema.items() if k != "anyOf"}
    merged.update(rest[0])
    if merged.get("default", 0) is None:
        del merged["default"]
    return merged


def _parameters(where: Literal["path", "query"], schema: JSON) -> list[JSON]:
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = {k: v for k, v in _not_null(prop).items() if k != "title"}
        param: JSON = {
            "name": name,
            "in": where,
            "required": where == "path" or name in required,
            "schema": prop,
        }
        if "description" in prop:
            param["description"] = prop.pop("description")
        params.append(param)
    return params


def build(routes: list[Route]) -> JSON:
    """The document for ``routes``."""
    wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = [(ErrorBody, "serialization")]
    for route in routes:
        for model in (route.path_model, route.query_model, route.body_model):
            if model is not None:
                wanted.append((model, "validation"))
        wanted.extend((a.model, "serialization") for a in route.answers if a.model is not None)
    unique = list(dict.fromkeys(wanted))
    refs, top = models_json_schema(unique, ref_template=REF)
    components: JSON = dict(top.get("$defs", {}))
    inline: set[str] = set()

    def ref(model: type[BaseModel], mode: JsonSchemaMode) -> JSON:
        return dict(refs[(model, mode)])

    error_ref = ref(ErrorBody, "serialization")
    paths: JSON = {}
    for route in routes:
        params: list[JSON] = []
        for model, where in ((route.path_model, "path"), (route.query_model, "query")):
            if model is not None:
                name = _name(ref(model, "validation"))
                params.extend(_parameters(where, components[name]))  # type: ignore[arg-type]
                inline.add(name)
        responses: JSON = {}
        for answer in route.answers:
            content: JSON = {
                "application/json": {
                    "schema": ref(answer.model, "serialization")
                    if answer.model is not None
                    else {"type": "object"}
                }
            }
            if answer.csv:
                content["text/csv"] = {"schema": {"type": "string"}}
            responses[str(answer.status)] = {"description": answer.description, "content": content}
        errors = {400, 401, *route.errors}
        if route.path_model is not None:
            errors.add(404)
        if route.body_model is not None:
            errors.update((413, 422))
        for status in sorted(errors):
            responses[str(status)] = {
                "description": HTTPStatus(status).phrase,
                "content": {"application/json": {"schema": error_ref}},
            }
        operation: JSON = {
            "operationId": route.operation_id,
            "summary": route.summary,
            "tags": [route.tag],
            "parameters": params,
            "responses": responses,
        }
        if route.description:
            operation["description"] = route.description
        if route.body_model is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref(route.body_model, "validation")}},
            }
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    for name in inline:  # unrolled into parameters; no model refers to them
        components.pop(name, None)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "leavebot admin API",
            "version": __version__,
            "description": (
                "Every route needs Authorization: Bearer <ADMIN_TOKEN>. Errors are "
                '{"error": {"code", "message", "details"}}.'
            ),
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
    }
