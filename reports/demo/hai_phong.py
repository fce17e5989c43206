"""The city above both demo communes: its people read what the communes issue and report."""

ORGANIZATION = {
    "code": "hai-phong",
    "name": "Ủy ban nhân dân thành phố Hải Phòng",
    "header_name": "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG",
    "place_name": "Hải Phòng",
    "issuer_symbol": "UBND",
    "authority_line": "TM. ỦY BAN NHÂN DÂN",
    "parent": None,
}

UNITS: list[dict] = []
PLANS: list[dict] = []

ACCOUNTS = [
    {"username": "thanhpho", "first_name": "Lê Thị Minh", "last_name": "Phương", "role": "viewer",
     "note": "chuyên viên theo dõi công tác dân vận của thành phố: xem kế hoạch, báo cáo của các xã, phường"},
]
