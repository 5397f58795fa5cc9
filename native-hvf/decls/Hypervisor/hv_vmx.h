/*
 * Declarations-only stand-in for <Hypervisor/hv_vmx.h> (Intel): VMX capability ids and the VMCS
 * accessors, from Apple's "hv_vmx_capability_t", "hv_vmx_read_capability" and
 * "hv_vmx_vcpu_read_vmcs" pages. VMCS field numbers are Intel's encodings (SDM Vol. 3C App. B),
 * which jhyve keeps in Java (io.jhyve.hv.hvf.VmcsField), so none are declared here.
 */
#ifndef JHYVE_DECLS_HV_VMX_H
#define JHYVE_DECLS_HV_VMX_H

#include <Hypervisor/hv_error.h>
#include <Hypervisor/hv_types.h>

typedef enum {
    HV_VMX_CAP_PINBASED = 0,
    HV_VMX_CAP_PROCBASED = 1,
    HV_VMX_CAP_PROCBASED2 = 2,
    HV_VMX_CAP_ENTRY = 3,
    HV_VMX_CAP_EXIT = 4,
    HV_VMX_CAP_BASIC = 5,
    HV_VMX_CAP_TRUE_PINBASED = 6,
    HV_VMX_CAP_TRUE_PROCBASED = 7,
    HV_VMX_CAP_TRUE_ENTRY = 8,
    HV_VMX_CAP_TRUE_EXIT = 9,
    HV_VMX_CAP_MISC = 10,
    HV_VMX_CAP_CR0_FIXED0 = 11,
    HV_VMX_CAP_CR0_FIXED1 = 12,
    HV_VMX_CAP_CR4_FIXED0 = 13,
    HV_VMX_CAP_CR4_FIXED1 = 14,
    HV_VMX_CAP_VMCS_ENUM = 15,
    HV_VMX_CAP_EPT_VPID_CAP = 16,
    HV_VMX_CAP_PREEMPTION_TIMER = 32
} hv_vmx_capability_t;

hv_return_t hv_vmx_read_capability(hv_vmx_capability_t field, uint64_t *value);
hv_return_t hv_vmx_vcpu_read_vmcs(hv_vcpuid_t vcpu, uint32_t field, uint64_t *value);
hv_return_t hv_vmx_vcpu_write_vmcs(hv_vcpuid_t vcpu, uint32_t field, uint64_t value);

#endif
