"""Import and export of the legal-document registry (.xlsx, .csv) through the admin."""

from import_export import fields

from danvan.resources import ChoiceWidget, DateWidget, StrictModelResource, TextWidget, clean_text
from plans.models import LegalDocument, LegalKind
from plans.services import legal_document_find


class LegalDocumentResource(StrictModelResource):
    """A document is found again by its number, however it is spaced or cased ("33/ct-ttg" is
    "33/CT-TTg"), or by its name when it has no number (laws): re-importing updates, never duplicates.
    """

    import_help = ("kind: Luật, Nghị quyết, Nghị định, Quyết định, Chỉ thị, Kết luận, Thông tư, Kế hoạch, "
                   "Công văn, Hướng dẫn… issued_on: ngày/tháng/năm, ví dụ 26/11/2021. Văn bản đã có cùng số, "
                   "ký hiệu được cập nhật, không tạo trùng.")

    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(LegalKind.choices))
    number = fields.Field(attribute="number", column_name="number", widget=TextWidget())
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    issued_on = fields.Field(attribute="issued_on", column_name="issued_on", widget=DateWidget())
    issuer = fields.Field(attribute="issuer", column_name="issuer", widget=TextWidget())
    subject = fields.Field(attribute="subject", column_name="subject", widget=TextWidget())

    class Meta(StrictModelResource.Meta):
        model = LegalDocument
        fields = ("kind", "number", "name", "issued_on", "issuer", "subject")
        import_id_fields = ("number",)

    def get_instance(self, instance_loader, row):
        number = clean_text(row.get("number"))
        if number:
            try:  # the same number with another date is another document (another commune's)
                day = self.fields["issued_on"].clean(row)
            except ValueError:
                day = None  # the row's own error is reported when the row is read
            return legal_document_find(number=number, issued_on=day)
        name = clean_text(row.get("name"))
        if name:
            return LegalDocument.objects.filter(number="", name=name).first()
        return None

    def get_queryset(self):
        return LegalDocument.objects.order_by("-issued_on", "kind", "number")
