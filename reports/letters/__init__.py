"""The công văn đôn đốc: the official letter an office sends units late with their report
(NĐ 30/2020 Mẫu 1.5: "V/v đôn đốc báo cáo ...", Kính gửi the late units), drafted from a round's
board, approved, numbered from the organization's register ("Số: 12/UBND-VHXH", no type code)
and printed as PDF and Word through reports.documents."""
