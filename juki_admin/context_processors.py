"""What every portal page's header needs: the menu of the signed-in user's roles."""

from . import portal


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": portal.menu(user)}
