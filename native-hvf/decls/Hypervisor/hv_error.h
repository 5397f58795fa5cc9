/*
 * Declarations-only stand-in for the macOS SDK's <Hypervisor/hv_error.h>, written for jhyve from
 * Apple's documentation pages ("hv_return_t", "Hypervisor Errors"). It exists so the shim can be
 * compiled and tested on Linux; on macOS the real SDK header is used instead.
 */
#ifndef JHYVE_DECLS_HV_ERROR_H
#define JHYVE_DECLS_HV_ERROR_H

#include <stdint.h>

/* The SDK defines hv_return_t as a mach_error_t, a 32-bit int. */
typedef int32_t hv_return_t;

/* Error codes: the Hypervisor error system (0xfae94000) plus a small code. */
#define HV_SUCCESS             ((hv_return_t)0)
#define HV_ERROR               ((hv_return_t)0xfae94001)
#define HV_BUSY                ((hv_return_t)0xfae94002)
#define HV_BAD_ARGUMENT        ((hv_return_t)0xfae94003)
#define HV_ILLEGAL_GUEST_STATE ((hv_return_t)0xfae94004)
#define HV_NO_RESOURCES        ((hv_return_t)0xfae94005)
#define HV_NO_DEVICE           ((hv_return_t)0xfae94006)
#define HV_DENIED              ((hv_return_t)0xfae94007)
#define HV_UNSUPPORTED         ((hv_return_t)0xfae9400f)

#endif
