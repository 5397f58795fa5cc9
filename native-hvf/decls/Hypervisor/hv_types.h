/*
 * Declarations-only stand-in for <Hypervisor/hv_types.h> (Intel), from Apple's documentation of
 * hv_vm_options_t, hv_vcpu_options_t, hv_memory_flags_t, hv_uvaddr_t, hv_gpaddr_t, hv_vcpuid_t.
 */
#ifndef JHYVE_DECLS_HV_TYPES_H
#define JHYVE_DECLS_HV_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t hv_vm_options_t;
typedef uint64_t hv_vcpu_options_t;
typedef uint64_t hv_memory_flags_t;
typedef const void *hv_uvaddr_t;
typedef uint64_t hv_gpaddr_t;
typedef unsigned int hv_vcpuid_t;

#define HV_VM_DEFAULT    ((hv_vm_options_t)0)
#define HV_VCPU_DEFAULT  ((hv_vcpu_options_t)0)

#define HV_MEMORY_READ   ((hv_memory_flags_t)1 << 0)
#define HV_MEMORY_WRITE  ((hv_memory_flags_t)1 << 1)
#define HV_MEMORY_EXEC   ((hv_memory_flags_t)1 << 2)

/* hv_vcpu_run_until: a deadline that never expires (macOS 11+). */
#define HV_DEADLINE_FOREVER UINT64_MAX

#endif
