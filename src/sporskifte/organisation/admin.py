from django.contrib import admin

from sporskifte.organisation.models import (
    ClosingDay,
    Contact,
    DeliveryHours,
    Location,
    Municipality,
    Service,
    ServiceElement,
    Unit,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "code")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "street", "postcode", "city", "has_front_desk")
    list_filter = ("municipality",)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class ClosingDayInline(admin.TabularInline):
    model = ClosingDay
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Structure comes from the organisation file; the admin edits details only."""

    list_display = ("name", "slug", "kind", "path", "is_public")
    list_filter = ("municipality", "kind")
    readonly_fields = ("municipality", "parent", "slug", "path")
    inlines = [ContactInline, ClosingDayInline]


class DeliveryHoursInline(admin.TabularInline):
    model = DeliveryHours
    extra = 0


class ServiceElementInline(admin.TabularInline):
    model = ServiceElement
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "legal_basis", "grant_required", "max_duration_months")
    list_filter = ("municipality", "legal_basis")
    list_select_related = ("unit",)
    readonly_fields = ("municipality", "slug")
    inlines = [DeliveryHoursInline, ServiceElementInline]
