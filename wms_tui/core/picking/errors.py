"""Picking's errors: E900-E902 for waves, E903-E939 for picking."""

from __future__ import annotations

from wms_tui.core.errors import LeaseHeld, WmsError


# --- waves (E900-E902) ---------------------------------------------------------------
class WaveError(WmsError):
    code = "E900"
    msgid = "pick.error.wave"


class UnknownWave(WaveError):
    code = "E901"
    msgid = "pick.error.unknown_wave"


class WaveNotCancellable(WaveError):
    code = "E902"
    msgid = "pick.error.not_cancellable"


# --- picking (E903-E939) -------------------------------------------------------------
class PickError(WmsError):
    code = "E920"
    msgid = "pick.error.generic"


class NoWave(PickError):
    code = "E903"
    msgid = "pick.error.no_wave"


class ScanLocationFirst(PickError):
    code = "E904"
    msgid = "pick.error.location_first"


class WrongLocation(PickError):
    code = "E905"
    msgid = "pick.error.wrong_location"


class WrongItem(PickError):
    code = "E906"
    msgid = "pick.error.wrong_item"


class WrongSlot(PickError):
    code = "E907"
    msgid = "pick.error.wrong_slot"


class NoSlotsInWave(PickError):
    code = "E909"
    msgid = "pick.error.no_slots"


class BadShortQty(PickError):
    code = "E910"
    msgid = "pick.error.short_qty"


class NoneToTake(BadShortQty):
    """The last unit of a stop is short: 0 is the only answer ("0 to 0" read as nonsense)."""

    msgid = "pick.error.short_qty_none"


def short_qty_error(found: object, most: int) -> BadShortQty:
    return NoneToTake(found=found) if most <= 0 else BadShortQty(found=found, max=most)


class ScanItemFirst(PickError):
    code = "E911"
    msgid = "pick.error.item_first"


class FinishWaveFirst(PickError):
    code = "E912"
    msgid = "pick.error.finish_first"


class WaveAlreadyPicked(PickError):
    code = "E913"
    msgid = "pick.error.already_picked"


class NoWaveWaiting(PickError):
    code = "E914"
    msgid = "pick.error.none_waiting"


class NotForPicking(PickError):
    code = "E915"
    msgid = "pick.error.not_for_picking"


class QtyNotExpected(PickError):
    code = "E916"
    msgid = "pick.error.qty_not_expected"


class WaveCancelled(PickError):
    code = "E917"
    msgid = "pick.error.cancelled"


class NoPackingLocation(PickError):
    code = "E918"
    msgid = "pick.error.no_packing"


class NoPickSession(PickError):
    code = "E919"
    msgid = "pick.error.no_session"


class WaveLeaseHeld(LeaseHeld):
    """Keeps LeaseHeld's code; says which wave and the holder's name as well as the badge."""

    msgid = "pick.error.lease_held"


class LeaseLost(PickError):
    """The session's wave was released by a supervisor: scanning it again takes it back."""

    code = "E921"
    msgid = "pick.error.lease_lost"


class WaveNotOpen(PickError):
    """Only a wave still to be picked has a lease worth taking over."""

    code = "E922"
    msgid = "pick.error.not_open"


class TakeoverTarget(PickError):
    """A lease goes to a station and a picker together, or to nobody."""

    code = "E923"
    msgid = "pick.error.takeover_target"
