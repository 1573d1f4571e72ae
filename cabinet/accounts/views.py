"""Login, logout and the «Paramètres» page (U1)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cabinet.accounts import selectors, services
from cabinet.accounts.forms import LoginForm, ProfileCreateForm, UserCreateForm
from cabinet.accounts.models import Right
from cabinet.core.errors import DomainError, Forbidden
from cabinet.core.permissions import require_right
from cabinet.core.views import staff_page


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses a GET logout): a link cannot log someone out."""


def _settings_page(
    request: HttpRequest,
    *,
    user_form: UserCreateForm | None = None,
    profile_form: ProfileCreateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = request.user.has_right(Right.MANAGE_SETTINGS)
    profiles = list(selectors.profile_list())
    try:
        users, users_refusal = list(selectors.users_for_actor(actor=request.user)), None
    except Forbidden as exc:  # the API's rule: only his own account, and why
        users, users_refusal = [request.user], exc.detail
    context = {
        "users": users,
        "users_refusal": users_refusal,
        "profiles": [(p, selectors.right_labels(p.rights)) for p in profiles],
        "can_manage": can_manage,
        "settings_section": "users",
    }
    if can_manage:
        context["user_form"] = user_form or UserCreateForm(profiles=profiles, autofocus=False)
        context["profile_form"] = profile_form or ProfileCreateForm(autofocus=False)
    return render(request, "accounts/settings.html", context, status=status)


@require_GET
@staff_page
def settings_index(request: HttpRequest) -> HttpResponse:
    """«Paramètres»: every staff user reads it; forms need «Gérer les paramètres»."""
    return _settings_page(request)


@require_POST
@staff_page
def settings_user_create(request: HttpRequest) -> HttpResponse:
    require_right(request.user, Right.MANAGE_SETTINGS)
    form = UserCreateForm(request.POST, profiles=selectors.profile_list(), autofocus=False)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                profile_code=data["profile"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except DomainError as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Utilisateur « {user.username} » créé.")
            return redirect("accounts:settings")
    return _settings_page(request, user_form=form, status=422)


@require_POST
@staff_page
def settings_profile_create(request: HttpRequest) -> HttpResponse:
    require_right(request.user, Right.MANAGE_SETTINGS)
    form = ProfileCreateForm(request.POST, autofocus=False)
    if form.is_valid():
        data = form.cleaned_data
        try:
            profile = services.profile_create(
                actor=request.user, code=data["code"], name=data["name"], rights=data["rights"]
            )
        except DomainError as exc:
            form.apply_domain_error(exc)
        else:
            messages.success(request, f"Profil « {profile.name} » créé.")
            return redirect("accounts:settings")
    return _settings_page(request, profile_form=form, status=422)
