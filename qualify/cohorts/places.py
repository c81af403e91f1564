"""Where a cohort meets: the districts (Landkreise) and district-free cities of
Saxony-Anhalt, or online. Pure data; names as the state writes them."""

from __future__ import annotations

ONLINE = "online"

# 11 Landkreise and 3 kreisfreie Städte (Landesportal Sachsen-Anhalt, as of 2026).
DISTRICTS: tuple[str, ...] = (
    "Altmarkkreis Salzwedel",
    "Anhalt-Bitterfeld",
    "Börde",
    "Burgenlandkreis",
    "Dessau-Roßlau",
    "Halle (Saale)",
    "Harz",
    "Jerichower Land",
    "Magdeburg",
    "Mansfeld-Südharz",
    "Saalekreis",
    "Salzlandkreis",
    "Stendal",
    "Wittenberg",
)

PLACES: tuple[str, ...] = (*DISTRICTS, ONLINE)
