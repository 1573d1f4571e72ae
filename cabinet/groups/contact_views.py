"""The group's «Contacts» view (G10): the contacts of the members the user may see, valid
at a date (today by default, every one when the date is cleared), paginated, and exported
as shown (I5). The other group views come from the apps above (cabinet/groups/registry.py).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cabinet.core.exports import EXPORT_FORMATS, export_response
from cabinet.core.pagination import page_of
from cabinet.core.views import staff_page
from cabinet.groups import selectors
from cabinet.groups.exports import CONTACT_COLUMNS
from cabinet.groups.forms import GroupContactsFilter


@require_GET
@staff_page
def group_contacts(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    today = timezone.localdate()
    form = GroupContactsFilter(request.GET, today=today)
    valid_at = form.date()
    contacts = selectors.group_contacts(user=request.user, group=group, valid_at=valid_at)
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        return export_response(
            fmt,
            columns=CONTACT_COLUMNS,
            rows=contacts.iterator(chunk_size=2000),
            filename=f"contacts-groupe-{group.name}",
        )
    context = {
        "group": group,
        "group_tab": "contacts",
        "view_title": "Contacts",
        "noun": "contact",
        "form": form,
        "valid_at": valid_at,
        "today": today,
        "page_obj": page_of(contacts, request.GET.get("page")),
    }
    return render(request, "groups/group_contacts.html", context)
