"""The operator's first step for a new bureau (docs/operations.md, 新区开通):

    python manage.py create_district --code xuhui --name 徐汇区 --packs xuhui-2026

1. Check the packs against those shipped in fixtures/policy/ or loaded (an unknown code
   stops here, nothing written).
2. A district with this code already there: if it matches the arguments, say so and
   change nothing (the command is idempotent); if it differs, refuse — a district's
   packs are changed on its 政策包 page, with a reason.
3. Otherwise, in one transaction: the city node (`--city`, created with `--city-name`
   if new), the district, the chosen packs loaded, and the first district admin with a
   one-time password, printed once and never stored in clear; the admin must change it
   at the first login.

This command lives in compliance: the lowest app that knows both districts and packs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from apps.accounts.services import Node, account_create
from apps.compliance.packs import packs_ensure_loaded, packs_known, unknown_packs
from apps.core.audit import command_context
from apps.core.web import error_text
from apps.tenancy.models import District, Membership, Role
from apps.tenancy.services import city_get_or_create, district_create


class Command(BaseCommand):
    help = "Create a district, its policy packs and its first district admin (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="区代码 / district code, e.g. xuhui")
        parser.add_argument("--name", required=True, help="区名称 / district name, e.g. 徐汇区")
        parser.add_argument("--city", default="", help="所属市的代码 / code of the city node")
        parser.add_argument("--city-name", default="", help="新建市时的名称 / name of a new city")
        parser.add_argument(
            "--packs", required=True, help="政策包代码，逗号分隔 / pack codes, comma-separated"
        )
        parser.add_argument("--admin-username", default="", help="默认 <code>.admin")
        parser.add_argument("--admin-name", default="", help="管理员姓名 / the admin's name")

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        code, name = options["code"].strip(), options["name"].strip()
        packs = [p.strip() for p in options["packs"].split(",") if p.strip()]
        self._check_packs(packs)
        existing = District.objects.select_related("parent").filter(code=code).first()
        if existing is not None:
            self._unchanged(existing, name=name, packs=packs, city=options["city"].strip())
            return
        username = options["admin_username"].strip() or f"{code}.admin"
        try:
            with transaction.atomic():
                parent = None
                if options["city"].strip():
                    parent = city_get_or_create(
                        code=options["city"].strip(), name=options["city_name"]
                    )
                district = district_create(code=code, name=name, packs=packs, parent=parent)
                packs_ensure_loaded(packs)
                issued = account_create(
                    actor=None,
                    node=Node(district),
                    role=Role.DISTRICT_ADMIN,
                    username=username,
                    full_name=options["admin_name"].strip() or f"{name}管理员",
                )
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from exc
        self.stdout.write(f"已创建 {district.name}（{district.code}），政策包：{'、'.join(packs)}")
        self.stdout.write(f"Created district {district.code}; packs: {', '.join(packs)}")
        self.stdout.write("区管理员账号 / district admin:")
        self.stdout.write(f"  用户名 username: {issued.user.username}")
        self.stdout.write(f"  一次性密码 one-time password: {issued.password}")
        self.stdout.write(
            "密码只显示这一次，首次登录后须修改。/ Shown once; must be changed at first login."
        )

    def _check_packs(self, packs: list[str]) -> None:
        if not packs:
            raise CommandError(
                "请用 --packs 指定至少一个政策包。/ Give at least one pack with --packs."
            )
        unknown = unknown_packs(packs)
        if unknown:
            available = ", ".join(sorted(packs_known()))
            raise CommandError(
                f"未知的政策包：{', '.join(unknown)}。可用的政策包：{available}\n"
                f"Unknown policy pack: {', '.join(unknown)}. Available: {available}"
            )

    def _unchanged(self, district: District, *, name: str, packs: list[str], city: str) -> None:
        differs = []
        if district.name != name:
            differs.append(f"名称 name: {district.name}")
        if list(district.policy_packs) != packs:
            differs.append(f"政策包 packs: {', '.join(district.policy_packs)}")
        if (district.parent.code if district.parent else "") != city:
            differs.append(f"所属市 city: {district.parent.code if district.parent else '（无）'}")
        if differs:
            raise CommandError(
                f"区代码 {district.code} 已存在，但与参数不同（现为 {'；'.join(differs)}）。"
                "未做任何改动；政策包请在区的“政策包”页面调整。\n"
                f"District {district.code} exists with other values; nothing changed."
            )
        admins = Membership.objects.filter(
            district=district, school=None, role=Role.DISTRICT_ADMIN, is_active=True
        ).count()
        self.stdout.write(
            f"{district.name}（{district.code}）已存在，与参数一致，未做任何改动"
            f"（区管理员 {admins} 名；不会再显示密码）。\n"
            f"District {district.code} already exists as given; nothing changed."
        )
