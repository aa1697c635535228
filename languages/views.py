from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from languages.fonts import available_fonts
from languages.preferences import remember, supported

_CSRF = CsrfViewMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remember the choice and go back to the same page.

    An unsupported code changes nothing (the page comes back in the language it had).
    A signed-in user's choice is saved on the account, so it needs the CSRF token; a visitor's
    only sets their language cookie, which a forged post could do no harm with, so public
    pages carry no token and can be served from the shared cache.
    """
    if request.user.is_authenticated:
        refused = _CSRF.process_view(request, None, (), {})
        if refused is not None:
            return refused
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    code = supported(request.POST.get("language"))
    if code:
        remember(request, response, code)
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def fonts_css(request: HttpRequest) -> HttpResponse:
    """@font-face rules for the fonts found on this machine (Arabic and CJK glyphs).

    Served from the app, never a CDN. Without the Debian font packages the stylesheet is empty
    and pages fall back to the reader's system fonts (the ``languages.W001`` check says so).
    """
    rules = []
    for font in available_fonts():
        local = ", ".join(f'local("{name}")' for name in font.local_names)
        hint = f' format("{font.format}")' if font.format else ""
        rules.append(
            "@font-face { "
            f'font-family: "{font.family}"; font-weight: {font.weight}; font-display: swap; '
            f'src: {local}, url("{static(font.static_path)}"){hint}; '
            f"unicode-range: {font.unicode_range}; }}"
        )
    if not rules:
        rules.append("/* Arabic and CJK fonts not installed: system fonts are used. */")
    return HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
