"""A stand-in for a user's own recogniser (ENTITIES_BACKEND = "module:function")."""


def find(text):
    i = text.find("زيد")
    return [(i, i + 3, "PERS")] if i >= 0 else []
