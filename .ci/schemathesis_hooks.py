"""schemathesis hooks (schemathesis.toml names this file).

The served document types each request value as clients should send it, and lists under `x-also-accepts` the other
schemas the server also takes and converts, as Django REST framework does (numbers for strings, digit strings for
integers, numbers for decimals). The fuzzer must know all of them, or it counts an accepted `7` for a string as
schema-violating data: each schema with the extension is folded into `{"anyOf": [schema, *also_accepted]}`.
"""

import schemathesis

ALSO_ACCEPTS = "x-also-accepts"


@schemathesis.hook
def before_load_schema(context, raw_schema):
    fold(raw_schema)


def fold(node):
    if isinstance(node, list):
        for item in node:
            fold(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        fold(value)
    also = node.pop(ALSO_ACCEPTS, None)
    if also is not None:
        own = dict(node)
        node.clear()
        node["anyOf"] = [own, *also]
