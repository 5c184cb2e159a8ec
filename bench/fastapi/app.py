"""The performance budget's baseline: Vitrine's storefront product listing
written the ordinary Python way, FastAPI + SQLModel (SQLAlchemy, psycopg2),
served by uvicorn.

It answers the same request as the site service,
GET /api/site/public/{site_slug}/products?sort=newest&limit=&cursor=, from the
same tables of the same database, logged in as the same role (vitrine_site),
with the same three statements' shape: the site by slug from
builder.site_directory, one page of priced products newest first (keyset on
id, limit + 1 to know whether a next page exists), then the page's variants
cheapest first. It returns the same JSON shape ({"items": [...],
"next_cursor": ...}, money as exact decimal strings).

Only what the benchmark calls is implemented (sort=newest); it is not part of
Vitrine. Run by bench/bench.py:
    DATABASE_URL=postgresql+psycopg2://vitrine_site:…@127.0.0.1:PORT/vitrine \
    uvicorn app:app --workers 2 --host 127.0.0.1 --port …
"""

import base64
import json
import os
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, Optional
from uuid import UUID

from fastapi import FastAPI, HTTPException, Query
from sqlalchemy import Column, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, Session, SQLModel, create_engine, select

MAX_UUID = UUID("ffffffff-ffff-ffff-ffff-ffffffffffff")
DECIMALS = {"JPY": 0, "KRW": 0, "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3}


class SiteDirectory(SQLModel, table=True):
    __tablename__ = "site_directory"
    __table_args__ = {"schema": "builder"}
    id: UUID = Field(primary_key=True)
    slug: str
    name: str
    owner_id: UUID


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = {"schema": "site"}
    id: UUID = Field(primary_key=True)
    site_id: UUID
    category_id: Optional[UUID] = None
    title: str
    description: Optional[str] = None
    slug: str
    min_price: Optional[Decimal] = None
    currency: Optional[str] = None
    created_at: datetime
    updated_at: datetime


class Variant(SQLModel, table=True):
    __tablename__ = "variants"
    __table_args__ = {"schema": "site"}
    id: UUID = Field(primary_key=True)
    site_id: UUID
    product_id: UUID
    sku: str
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONB))
    price: Decimal
    currency: str
    stock_qty: int


class VariantOut(SQLModel):
    id: UUID
    product_id: UUID
    sku: str
    attributes: dict[str, Any]
    price: str
    currency: str
    stock_qty: int


class ProductOut(SQLModel):
    id: UUID
    site_id: UUID
    title: str
    description: Optional[str]
    slug: str
    category_id: Optional[UUID]
    created_at: datetime
    updated_at: datetime
    variants: list[VariantOut]


class PageOut(SQLModel):
    items: list[ProductOut]
    next_cursor: Optional[str]


engine = create_engine(
    os.environ["DATABASE_URL"],
    pool_size=int(os.environ.get("DATABASE_MAX_CONNECTIONS", "5")),
    max_overflow=0,
    pool_pre_ping=False,
)
app = FastAPI(title="Vitrine listing baseline (FastAPI + SQLModel)")


def money(amount: Decimal, currency: str) -> str:
    return f"{amount:.{DECIMALS.get(currency.strip(), 2)}f}"


def encode_cursor(key: UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps(str(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> UUID:
    try:
        return UUID(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))
    except Exception as err:  # noqa: BLE001 - any bad cursor is the client's mistake
        raise HTTPException(status_code=400, detail="Invalid cursor") from err


@app.get("/readyz")
def readyz() -> str:
    with Session(engine) as session:
        session.exec(text("SELECT 1"))
    return "ready"


@app.get("/api/site/public/{site_slug}/products", response_model=PageOut)
def list_products(
    site_slug: str,
    sort: Literal["newest"] = "newest",
    limit: int = Query(50, ge=1, le=250),
    cursor: Optional[str] = None,
) -> PageOut:
    after = decode_cursor(cursor) if cursor else MAX_UUID
    with Session(engine) as session:
        site = session.exec(select(SiteDirectory).where(SiteDirectory.slug == site_slug)).first()
        if site is None:
            raise HTTPException(status_code=404, detail="site not found")
        products = session.exec(
            select(Product)
            .where(Product.site_id == site.id, Product.min_price.is_not(None), Product.id < after)
            .order_by(Product.id.desc())
            .limit(limit + 1)
        ).all()
        has_more = len(products) > limit
        products = products[:limit]
        ids = [p.id for p in products]
        variants = (
            session.exec(
                select(Variant)
                .where(Variant.product_id.in_(ids))
                .order_by(Variant.product_id, Variant.price, Variant.id)
            ).all()
            if ids
            else []
        )
    by_product: dict[UUID, list[VariantOut]] = {}
    for v in variants:
        by_product.setdefault(v.product_id, []).append(
            VariantOut(
                id=v.id,
                product_id=v.product_id,
                sku=v.sku,
                attributes=v.attributes,
                price=money(v.price, v.currency),
                currency=v.currency.strip(),
                stock_qty=v.stock_qty,
            )
        )
    items = [
        ProductOut(
            id=p.id,
            site_id=p.site_id,
            title=p.title,
            description=p.description,
            slug=p.slug,
            category_id=p.category_id,
            created_at=p.created_at,
            updated_at=p.updated_at,
            variants=by_product.get(p.id, []),
        )
        for p in products
    ]
    return PageOut(items=items, next_cursor=encode_cursor(products[-1].id) if has_more and products else None)
