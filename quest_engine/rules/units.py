"""A small table of measurement units, so "2.4 km" is accepted where a quest asks for metres.

Each unit maps to a dimension and a linear conversion to that dimension's base unit:
base = value × factor + offset. Only temperature uses an offset (°C and °F to kelvin).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    dimension: str
    factor: float
    offset: float = 0.0

    def to_base(self, value: float) -> float:
        return value * self.factor + self.offset

    def from_base(self, value: float) -> float:
        return (value - self.offset) / self.factor


def _add(table: dict[str, Unit], dimension: str, factor: float, *names: str, offset: float = 0.0):
    unit = Unit(names[0], dimension, factor, offset)
    for name in names:
        table[name] = unit


def _build() -> dict[str, Unit]:
    t: dict[str, Unit] = {}
    # length (base: metre)
    _add(t, "length", 1.0, "m", "metre", "metres", "meter", "meters")
    _add(t, "length", 1000.0, "km", "kilometre", "kilometres", "kilometer", "kilometers")
    _add(t, "length", 0.01, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
    _add(t, "length", 0.001, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
    _add(t, "length", 1e-6, "µm", "um", "micrometre", "micrometres", "micron", "microns")
    _add(t, "length", 1e-9, "nm", "nanometre", "nanometres", "nanometer", "nanometers")
    _add(t, "length", 1609.344, "mi", "mile", "miles")
    _add(t, "length", 0.9144, "yd", "yard", "yards")
    _add(t, "length", 0.3048, "ft", "foot", "feet")
    _add(t, "length", 0.0254, "in", "inch", "inches")
    _add(t, "length", 1.495978707e11, "au", "AU")
    _add(t, "length", 9.4607304725808e15, "ly", "light-year", "light-years", "light year")
    # mass (base: kilogram)
    _add(t, "mass", 1.0, "kg", "kilogram", "kilograms", "kilo", "kilos")
    _add(t, "mass", 0.001, "g", "gram", "grams", "gramme", "grammes")
    _add(t, "mass", 1e-6, "mg", "milligram", "milligrams")
    _add(t, "mass", 1000.0, "t", "tonne", "tonnes", "metric ton", "metric tons")
    _add(t, "mass", 0.45359237, "lb", "lbs", "pound", "pounds")
    _add(t, "mass", 0.028349523125, "oz", "ounce", "ounces")
    # time (base: second)
    _add(t, "time", 1.0, "s", "sec", "secs", "second", "seconds")
    _add(t, "time", 0.001, "ms", "millisecond", "milliseconds")
    _add(t, "time", 60.0, "min", "mins", "minute", "minutes")
    _add(t, "time", 3600.0, "h", "hr", "hrs", "hour", "hours")
    _add(t, "time", 86400.0, "d", "day", "days")
    _add(t, "time", 604800.0, "wk", "week", "weeks")
    _add(t, "time", 31557600.0, "yr", "year", "years")
    # speed (base: metre per second)
    _add(t, "speed", 1.0, "m/s", "mps", "metres per second", "meters per second")
    _add(t, "speed", 1000 / 3600, "km/h", "kph", "km/hr", "kmh", "kilometres per hour")
    _add(t, "speed", 0.01, "cm/s")
    _add(t, "speed", 1609.344 / 3600, "mph", "mi/h", "miles per hour")
    _add(t, "speed", 0.3048, "ft/s", "fps")
    _add(t, "speed", 1852 / 3600, "kn", "knot", "knots")
    # acceleration (base: m/s²)
    _add(t, "acceleration", 1.0, "m/s²", "m/s^2", "m/s2", "m s^-2")
    # temperature (base: kelvin); offsets convert scales, so compare after converting
    _add(t, "temperature", 1.0, "K", "kelvin", "kelvins")
    _add(t, "temperature", 1.0, "°C", "C", "degC", "celsius", "degrees celsius", offset=273.15)
    _add(
        t,
        "temperature",
        5 / 9,
        "°F",
        "F",
        "degF",
        "fahrenheit",
        "degrees fahrenheit",
        offset=273.15 - 32 * 5 / 9,
    )
    # volume (base: cubic metre)
    _add(t, "volume", 0.001, "L", "l", "litre", "litres", "liter", "liters")
    _add(t, "volume", 1e-6, "mL", "ml", "millilitre", "millilitres", "milliliter", "milliliters")
    _add(t, "volume", 1e-5, "cL", "cl")
    _add(t, "volume", 1e-4, "dL", "dl")
    _add(t, "volume", 1.0, "m³", "m^3", "m3", "cubic metre", "cubic metres", "cubic meters")
    _add(t, "volume", 1e-6, "cm³", "cm^3", "cm3", "cc", "cubic centimetres")
    _add(t, "volume", 0.003785411784, "gal", "gallon", "gallons")
    # area (base: square metre)
    _add(t, "area", 1.0, "m²", "m^2", "m2", "square metres", "square meters")
    _add(t, "area", 1e-4, "cm²", "cm^2", "cm2")
    _add(t, "area", 1e6, "km²", "km^2", "km2")
    _add(t, "area", 1e4, "ha", "hectare", "hectares")
    # angle (base: degree)
    _add(t, "angle", 1.0, "°", "deg", "degree", "degrees")
    _add(t, "angle", 57.29577951308232, "rad", "radian", "radians")
    _add(t, "angle", 360.0, "turn", "turns", "rev", "revolution", "revolutions")
    # force, energy, power (base: SI)
    _add(t, "force", 1.0, "N", "newton", "newtons")
    _add(t, "force", 1000.0, "kN", "kilonewton", "kilonewtons")
    _add(t, "energy", 1.0, "J", "joule", "joules")
    _add(t, "energy", 1000.0, "kJ", "kilojoule", "kilojoules")
    _add(t, "energy", 4.184, "cal", "calorie", "calories")
    _add(t, "energy", 4184.0, "kcal", "kilocalorie", "kilocalories", "Cal")
    _add(t, "power", 1.0, "W", "watt", "watts")
    _add(t, "power", 1000.0, "kW", "kilowatt", "kilowatts")
    # ratio
    _add(t, "ratio", 1.0, "%", "percent", "per cent")
    return t


UNITS: dict[str, Unit] = _build()
_LOWER: dict[str, Unit] = {}
for _name, _unit in UNITS.items():
    _LOWER.setdefault(_name.lower(), _unit)
# Lower-case spellings that would be ambiguous stay exact-only ("mL" vs "ml" agree; "Cal" vs "cal" don't).
_LOWER["cal"] = UNITS["cal"]

DIMENSION_NAMES: dict[str, str] = {
    "length": "a length",
    "mass": "a mass",
    "time": "a time",
    "speed": "a speed",
    "acceleration": "an acceleration",
    "temperature": "a temperature",
    "volume": "a volume",
    "area": "an area",
    "angle": "an angle",
    "force": "a force",
    "energy": "an energy",
    "power": "a power",
    "ratio": "a percentage",
}


def normalize_unit_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace("\u00ba", "°").replace("˚", "°")
    text = " ".join(text.split())
    text = text.replace(" / ", "/").replace("° ", "°")
    if text.endswith("."):
        text = text[:-1]
    return text


def find_unit(text: str | None) -> Unit | None:
    """The unit a spelling names (exact first, then case-insensitive), or None."""
    if not text:
        return None
    clean = normalize_unit_text(text)
    # NFKC turns "²" into "2" and "µ" into "μ"; accept those spellings too.
    for candidate in (clean, clean.replace("μ", "µ")):
        if candidate in UNITS:
            return UNITS[candidate]
        if candidate.lower() in _LOWER:
            return _LOWER[candidate.lower()]
    return None


def convert(value: float, source: Unit, target: Unit) -> float:
    """Convert between two units of the same dimension."""
    if source.dimension != target.dimension:
        raise ValueError(f"cannot convert {source.dimension} to {target.dimension}")
    if source is target:
        return value
    return target.from_base(source.to_base(value))


def units_of(dimension: str) -> list[Unit]:
    """Distinct units of one dimension, in table order."""
    seen: list[Unit] = []
    for unit in UNITS.values():
        if unit.dimension == dimension and unit not in seen:
            seen.append(unit)
    return seen
