/*
 * A stand-in for Windows' bcryptprimitives.dll, for testing afcontrol.exe under
 * Wine 8 (Debian 12), which lacks the DLL. Go's runtime on Windows gets its
 * random bytes from ProcessPrng there; Windows 10 and 11 have it. This is
 * built into a throwaway wine prefix by packaging/check.sh and never shipped.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
