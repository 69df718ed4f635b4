"""The binding's version: the one place it is written (the build backend reads it from here).

It is the version of the C library it was written for (capi/include/telemed.h, checked by the
tests), and that library's MAJOR.MINOR is the oldest it loads.
"""

__version__ = "0.4.0"
