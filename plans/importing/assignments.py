"""Who does what in a plan: units or posts with their duties, and tasks.

* Units come from "Tổ chức thực hiện": "1. Phòng Văn hóa - Xã hội" followed by "- ..." lines,
  "1. Công chức Tư pháp - Hộ tịch: ...", "1. Ban Thường trực ... xây dựng Kế hoạch ..." (the name
  ends where the verb starts), "a) Công an xã" or "- Phòng ...: ..." when the items are not numbered.
* Tasks come from the rows of a task table (STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp |
  Thời gian | Sản phẩm), or from items followed by "- Đơn vị chủ trì: ...", "- Thời gian hoàn
  thành: ..." lines.

`Assignments` is a part of the recogniser (`plans.importing.recognising._Reading`): it reads the
paragraphs the recogniser holds (`texts`, `paragraphs`, `span_of`, `used_rows`).
"""

from __future__ import annotations

import re

from plans.importing import periods
from plans.importing.layout import DASH_RE, ITEM_RE, SUBITEM_RE, span
from plans.importing.words import squash

#: Nouns a unit's or a post's name starts with.
_UNIT_HEADS = (
    "Phòng", "Ban", "Văn phòng", "Trung tâm", "Công chức", "Cán bộ", "Chuyên viên", "Các", "Ủy ban", "Uỷ ban",
    "UBND", "UBMTTQ", "MTTQ", "Mặt trận", "Hội", "Hội đồng", "Đoàn", "Công an", "Quân sự", "Ban Chỉ huy", "Trạm",
    "Trường", "Thôn", "Tổ", "Đồng chí", "Đ/c", "Đ/C", "Chủ tịch", "Phó Chủ tịch", "Phó chủ tịch", "Tiểu ban",
    "Bộ phận", "Đài", "Thường trực", "Trưởng", "Phó", "Cơ quan", "Lãnh đạo", "Người đứng đầu", "Thủ trưởng",
    "Đảng ủy", "Đảng uỷ", "Chi bộ", "Bí thư", "Hợp tác xã", "Liên đoàn", "Y tế", "Trạm Y tế", "Thành viên",
    "Tổ công tác", "Ủy viên", "Uỷ viên", "Kế toán", "Văn thư", "Thủ quỹ", "Chi hội", "Chi đoàn", "Nhà văn hóa",
    "HĐND", "Hội LHPN", "Đoàn TNCS", "Cựu chiến binh", "Nông dân", "Phụ nữ", "Thanh niên", "Khối", "Đội",
)
_UNIT_HEAD_RE = re.compile(r"^(?:(?:Đề nghị|Giao)\s+)?(?:" + "|".join(re.escape(h) for h in
                           sorted(_UNIT_HEADS, key=len, reverse=True)) + r")(?!\w)")
#: Lower-case verbs that end a unit's name in "1. Ban ... xây dựng Kế hoạch ...".
_DUTY_VERBS = (
    "xây dựng", "chủ trì", "phối hợp", "tham gia", "căn cứ", "chịu trách nhiệm", "có trách nhiệm", "thực hiện",
    "tổ chức", "triển khai", "tham mưu", "hướng dẫn", "theo dõi", "chỉ đạo", "là", "được", "giúp", "đôn đốc",
    "kiểm tra", "tuyên truyền", "báo cáo", "rà soát", "phụ trách", "lãnh đạo", "quản lý", "bố trí", "cử",
    "trực tiếp", "chủ động", "nghiêm túc", "tiếp tục", "tăng cường", "bảo đảm", "đảm bảo", "thường xuyên",
    "trong quá trình", "khi", "nếu", "cần", "phải", "sẽ", "định kỳ", "có", "làm", "đề xuất", "hỗ trợ", "vận động",
    "ban hành", "lập", "nắm", "tập trung", "đẩy mạnh", "phát huy", "xác định", "cung cấp", "tiếp nhận",
)
_DUTY_VERB_RE = re.compile(r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(v) for v in sorted(_DUTY_VERBS, key=len,
                                                                                        reverse=True)) + r")(?!\w)")
#: Items of "Tổ chức thực hiện" that name no unit.
_NOT_UNIT_RE = re.compile(r"^(?:Kinh phí|Chế độ báo cáo|Thời gian|Địa điểm|Kết thúc|Trong quá trình|Yêu cầu|"
                          r"Đề nghị các|Trên đây|Nguồn kinh phí|Thời hạn|Chế độ thông tin)", re.IGNORECASE)

#: "Các đơn vị", "Các cơ quan, đơn vị có liên quan": every unit, no unit of its own.
_GENERIC_UNIT_RE = re.compile(r"^(?:Các|Tất cả các)\s+(?:cơ quan|đơn vị|ngành|ban, ngành|phòng, ban|cá nhân|tổ chức)"
                              r"(?:,?\s*(?:và\s+)?(?:cơ quan|đơn vị|ngành|cá nhân|tổ chức))*(?:\s+(?:có\s+)?liên quan)?$",
                              re.IGNORECASE)

#: Field labels of a task written as lines ("- Đơn vị chủ trì: ...").
_FIELD_RE = re.compile(
    r"^[-+•*]?\s*(?P<label>(?:Đơn vị|Cơ quan|Bộ phận|Người)?\s*chủ trì(?: thực hiện)?|(?:Đơn vị|Cơ quan|Bộ phận)"
    r"?\s*phối hợp(?: thực hiện)?|(?:Đơn vị|Cơ quan|Bộ phận) thực hiện"
    r"|Thời gian(?: hoàn thành| thực hiện)?|Thời hạn(?: hoàn thành)?|Tiến độ|Kết quả(?:/sản phẩm)?|Sản phẩm)"
    r"\s*:\s*(?P<value>.*)$", re.IGNORECASE)


def _strip_item(text: str) -> str:
    """Text without its leading "- ", "1. ", "1.1. ", "a) "."""
    text = DASH_RE.sub("", text)
    text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s+(?=\S)", "", text)
    return text.strip()


def _clean_name(name: str) -> str:
    name = squash(name).strip(" .,;:-–")
    name = re.sub(r"^(?:Đề nghị|Giao)\s+", "", name)
    name = re.sub(r"\s+(?:phối hợp|thực hiện|tham gia)$", "", name)
    name = re.sub(r"^(?:Đồng chí|đồng chí|Đ/c|đ/c|Đ/C)\s+", "", name)
    return name.strip(" .,;:")


def _is_unit_name(name: str) -> bool:
    """Whether a phrase names a unit or a post ("Phòng ...", "Công chức ...", "Công an xã")."""
    name = name.strip()
    return bool(_UNIT_HEAD_RE.match(name)) and not _NOT_UNIT_RE.match(name) and len(name.split()) <= 15 \
        and not _GENERIC_UNIT_RE.match(_clean_name(name))


def _split_units(text: str) -> list[str]:
    """Co-ordinating units of a cell: "A; B" (a cell's lines are joined with "; "), "A, B";
    "Phòng Kinh tế, Hạ tầng và Đô thị" stays one name (a piece that starts with no unit noun
    belongs to the piece before)."""
    text = squash(text).strip(" .;")
    if not text:
        return []
    if ";" in text:
        pieces = re.split(r"\s*;\s*", text)
    else:
        pieces = []
        for piece in re.split(r",\s*", text):
            if pieces and not _UNIT_HEAD_RE.match(piece[:1].upper() + piece[1:]):
                pieces[-1] += ", " + piece
            else:
                pieces.append(piece)
    return [_clean_name(p) for p in pieces if _clean_name(p)]


class Assignments:
    """Units and tasks of a plan (mixed into the recogniser)."""

    # -- 5. units --------------------------------------------------------------------------------

    def units(self, first: int, end: int, rounds_at: set[int]) -> list[dict]:
        """Units or posts with their duties, from the items of "Tổ chức thực hiện": numbered
        ("1. ...") or, when that names fewer, lettered or dashed ("a) ...", "- ...: ...")."""
        numbered = self.numbered_units(first, end, rounds_at)
        listed = self.listed_units(first, end)
        return numbered if len(numbered) >= len(listed) else listed

    def numbered_units(self, first: int, end: int, rounds_at: set[int]) -> list[dict]:
        items = [i for i in range(first, end) if not self.paragraphs[i].is_row and ITEM_RE.match(self.texts[i])
                 and not SUBITEM_RE.match(self.texts[i])]
        units: list[dict] = []
        for n, i in enumerate(items):
            nxt = items[n + 1] if n + 1 < len(items) else end
            body = ITEM_RE.match(self.texts[i]).group("text")
            item_start = self.paragraphs[i].start + self.texts[i].index(body)
            if _NOT_UNIT_RE.match(body) or not _UNIT_HEAD_RE.match(body):
                continue
            heading_form = nxt > i + 1 and bool(DASH_RE.match(self.texts[i + 1])) and body[-1:] not in ".;:"
            name, inline = (_clean_name(body), "") if heading_form and len(body.split()) <= 25 else self.unit_name(body)
            if not name or _GENERIC_UNIT_RE.match(name):
                continue
            duties: list[dict] = []
            if inline:
                offset = item_start + body.index(inline)
                duties.append({"text": inline, "span": span(offset, offset + len(inline))})
            for j in range(i + 1, nxt):
                if j in rounds_at or self.paragraphs[j].is_row:
                    continue
                duty = DASH_RE.sub("", self.texts[j]).strip()
                if duty:
                    offset = self.paragraphs[j].end - len(duty)
                    duties.append({"text": duty, "span": span(offset, self.paragraphs[j].end)})
            name_start = item_start + body.index(name) if name in body else item_start
            units.append({
                "name": name,
                "duties": [d["text"] for d in duties],
                "duty_spans": [d["span"] for d in duties],
                "span": self.span_of(i, max(i, nxt - 1)),
                "name_span": span(name_start, name_start + len(name)),
            })
        return units

    def listed_units(self, first: int, end: int) -> list[dict]:
        """Units written without numbers: "a) Phòng Văn hóa - Xã hội" followed by its "- ..." lines,
        or "- Phòng Văn hóa và Thông tin: tham mưu ..." followed by its "+ ..." lines."""
        units: list[dict] = []
        heading_form = False  # the last unit is a heading whose duties follow as "- ..." lines
        open_unit = False
        for i in range(first, end):
            text = self.texts[i]
            if self.paragraphs[i].is_row:
                continue
            lettered = re.match(r"^[a-zđ]\)\s+", text)
            body = text[lettered.end():] if lettered else DASH_RE.sub("", text)
            if lettered and ":" not in body and body[-1:] not in ".;" and _is_unit_name(body):
                start = self.paragraphs[i].start + lettered.end()
                units.append({"name": _clean_name(body), "duties": [], "duty_spans": [], "span": self.span_of(i, i),
                              "name_span": span(start, start + len(body))})
                heading_form = open_unit = True
                continue
            name, _, rest = body.partition(":")
            if rest.strip() and _is_unit_name(name):
                start = self.paragraphs[i].start + text.index(name)
                rest = rest.strip()
                units.append({"name": _clean_name(name), "duties": [rest],
                              "duty_spans": [span(self.paragraphs[i].end - len(rest), self.paragraphs[i].end)],
                              "span": self.span_of(i, i), "name_span": span(start, start + len(name.strip()))})
                heading_form, open_unit = False, True
                continue
            if open_unit and (text.startswith("+") or heading_form and DASH_RE.match(text)):
                duty = DASH_RE.sub("", text).strip()
                units[-1]["duties"].append(duty)
                units[-1]["duty_spans"].append(span(self.paragraphs[i].end - len(duty), self.paragraphs[i].end))
                units[-1]["span"][1] = self.paragraphs[i].end
                continue
            open_unit = False
        return [unit for unit in units if unit["duties"]]

    @staticmethod
    def unit_name(body: str) -> tuple[str | None, str]:
        """(name, duties written on the same line) of an item of "Tổ chức thực hiện"."""
        head = _UNIT_HEAD_RE.match(body)
        if ":" in body[:160]:
            name, _, rest = body.partition(":")
            if len(name.split()) <= 20:
                return _clean_name(name), rest.strip()
        words = body.split()
        if len(words) <= 14 and body[-1:] not in ".;" and not re.search(r"[;]", body):
            return _clean_name(body), ""
        # inline: the name ends at the first duty verb after the head noun
        search_from = head.end()
        nxt = re.match(r"\s+\S+", body[search_from:])
        if nxt:
            search_from += nxt.end()  # "Đoàn kiểm tra": the word after the head is part of the name
        verb = _DUTY_VERB_RE.search(body, search_from)
        comma = body.find(", ", head.end())
        cut = min([p for p in (verb.start() if verb else -1, comma) if p > 0], default=-1)
        if cut <= 0:
            return None, ""
        name = _clean_name(body[:cut])
        rest = body[cut:].strip(" ,")
        if len(name.split()) > 20:
            return None, ""
        return name, rest

    # -- 6. tasks --------------------------------------------------------------------------------

    def table_tasks(self) -> list[dict]:
        tasks: list[dict] = []
        columns: dict[str, int] | None = None
        group = None
        for i, paragraph in enumerate(self.paragraphs):
            if not paragraph.is_row:
                columns = None if not (i and self.paragraphs[i - 1].is_row) else columns
                continue
            cells = self.source.cell_texts(paragraph)
            header = self._columns(cells)
            if header:
                columns = header
                self.used_rows.add(i)
                continue
            if columns is None:
                continue
            self.used_rows.add(i)
            if all(re.fullmatch(r"\(?\d+\)?", c) or not c for c in cells):
                continue  # the row numbering the columns: (1) (2) (3)

            def cell(key: str) -> str:
                index = columns.get(key)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            content, lead, due_text = cell("content"), cell("lead"), cell("due")
            filled = [c for c in cells if c.strip()]
            if not content and len(filled) == 1 and not re.fullmatch(r"\d+\.?", filled[0]):
                group = filled[0]  # a group heading spanning the whole row
                continue
            if not content:
                continue
            number = cell("stt")
            if not lead and not due_text and not cell("co") and (not number or re.fullmatch(r"[IVXL]+\.?|[A-Z]\.?", number)):
                group = content
                continue
            start, end = paragraph.cells[columns["content"]]
            tasks.append({
                "content": content, "lead": lead, "co": _split_units(cell("co")), "due_text": due_text,
                "due": periods.due_of(due_text), "output": cell("output"), "group": group,
                "span": span(paragraph.start, paragraph.end), "content_span": span(start, end),
            })
        return tasks

    @staticmethod
    def _columns(cells: list[str]) -> dict[str, int] | None:
        lowered = [c.lower() for c in cells]
        found: dict[str, int] = {}
        for n, c in enumerate(lowered):
            if re.fullmatch(r"s?tt\.?", c.strip()):
                found.setdefault("stt", n)
            elif "chủ trì" in c:
                found.setdefault("lead", n)
            elif "phối hợp" in c:
                found.setdefault("co", n)
            elif any(w in c for w in ("thời gian", "thời hạn", "tiến độ", "hoàn thành")):
                found.setdefault("due", n)
            elif any(w in c for w in ("sản phẩm", "kết quả")):
                found.setdefault("output", n)
            elif any(w in c for w in ("nội dung", "nhiệm vụ", "công việc")):
                found.setdefault("content", n)
            elif re.search(r"(?:đơn vị|cơ quan|bộ phận|người) (?:thực hiện|phụ trách)", c):
                found.setdefault("doer", n)
        if "lead" not in found and "doer" in found:
            found["lead"] = found.pop("doer")
        if "content" in found and ("lead" in found or "due" in found):
            return found
        return None

    def field_tasks(self, first: int, end: int) -> list[dict]:
        """Tasks written as items followed by "- Đơn vị chủ trì: ...", "- Thời gian hoàn thành: ..."."""
        tasks: list[dict] = []
        i = first
        candidates: list[int] = []
        while i < end:
            text = self.texts[i]
            if self.paragraphs[i].is_row:
                i += 1
                continue
            if _FIELD_RE.match(text):
                fields: dict[str, str] = {}
                j = i
                while j < end and (m := _FIELD_RE.match(self.texts[j])):
                    label = m.group("label").lower()
                    key = ("lead" if "chủ trì" in label or label.endswith(" thực hiện") and "thời gian" not in label
                           else "co" if "phối hợp" in label
                           else "output" if ("kết quả" in label or "sản phẩm" in label) else "due")
                    fields.setdefault(key, m.group("value").strip())
                    j += 1
                if "lead" in fields and not candidates and i > first and not self.paragraphs[i - 1].is_row \
                        and not _FIELD_RE.match(self.texts[i - 1]) and not re.match(r"^[IVXL]+\s*[.)]", self.texts[i - 1]):
                    candidates = [i - 1]  # an unnumbered item: the line just above its fields
                if "lead" in fields and candidates:
                    item = self._task_item(candidates)
                    content = _strip_item(self.texts[item]).rstrip(":")
                    tasks.append({
                        "content": content, "lead": _clean_name(fields.get("lead", "")),
                        "co": _split_units(fields.get("co", "")), "due_text": fields.get("due", ""),
                        "due": periods.due_of(fields.get("due", "")), "output": fields.get("output", "").rstrip(".;"),
                        "group": None, "span": self.span_of(item, j - 1),
                        "content_span": self.span_of(item, item),
                    })
                    candidates = []
                i = j
                continue
            if ITEM_RE.match(text) or SUBITEM_RE.match(text) or re.match(r"^\d+(?:\.\d+)+\s", text):
                candidates.append(i)
            i += 1
        return tasks

    def _task_item(self, candidates: list[int]) -> int:
        """The item a block of fields belongs to: the last numbered item, or its parent when the
        last item has siblings in the block (3.1, 3.2, 3.3 share the fields of "3.")."""
        def number(i: int) -> str:
            m = re.match(r"^(\d+(?:\.\d+)*)", self.texts[i])
            return m.group(1) if m else ""

        last = candidates[-1]
        parts = number(last).split(".")
        if len(parts) > 1:
            parent = ".".join(parts[:-1])
            siblings = [c for c in candidates if number(c).rsplit(".", 1)[0] == parent and "." in number(c)]
            parents = [c for c in candidates if number(c) == parent]
            if len(siblings) > 1 and parents:
                return parents[-1]
        return last
