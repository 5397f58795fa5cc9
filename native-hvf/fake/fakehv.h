/*
 * Test controls of the fake Hypervisor.framework (fakehv.c). Java contract tests bind these
 * through JNA (io.jhyve.hv.hvf.FakeHv) next to the shim's own functions in libhvshim-fake.so.
 */
#ifndef JHYVE_FAKEHV_H
#define JHYVE_FAKEHV_H

#include <stdint.h>

/* Forgets every VM, vCPU, mapping, script and violation; capabilities back to the defaults. */
void fakehv_reset(void);
void fakehv_set_cap(uint32_t which, uint64_t value);
void fakehv_set_hv_support(int32_t value);
/* Makes the next hv_vm_create return this code (once); 0 = behave normally. */
void fakehv_fail_next_vm_create(int32_t code);
/* Queues one exit for vCPU `vcpu`: the next hv_vcpu_run_until stores these VMCS exit fields. */
void fakehv_push_exit(uint32_t vcpu, uint32_t reason, uint64_t qualification, uint32_t instruction_length,
                      uint32_t instruction_info, uint64_t guest_physical, uint64_t guest_linear);
/* Makes the last queued exit of `vcpu` one that interrupted event delivery (IDT-vectoring fields). */
void fakehv_set_last_exit_vectoring(uint32_t vcpu, uint32_t info, uint32_t error_code);
/* How long a run with no scripted exit waits for a kick before failing with HV_ERROR. */
void fakehv_set_kick_timeout_ms(int32_t ms);
/* Rule violations seen (wrong thread, misaligned map, ...) and the last one's description. */
int32_t fakehv_violations(void);
const char *fakehv_last_violation(void);
/* A VMCS field / register as the fake holds it, readable from any thread for assertions. */
uint64_t fakehv_peek_vmcs(uint32_t vcpu, uint32_t field);
uint64_t fakehv_peek_register(uint32_t vcpu, uint32_t reg);
/* The event the last entry delivered (entry interruption information, or its error code). */
uint64_t fakehv_last_injected(uint32_t vcpu, int32_t error_code);
int32_t fakehv_vcpu_count(void);
int32_t fakehv_mapping_count(void);
/* Runs performed, to check that a refused entry never ran. */
int32_t fakehv_runs(void);

#endif
