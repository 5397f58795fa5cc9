/*
 * A fake Hypervisor.framework (Intel API) for Linux, test code only. It implements the hv_* calls
 * the shim makes, enforces the rules Apple documents and jhyve depends on, and replays scripted
 * exits, so the Java backend can be driven through the real shim and JNA without a Mac:
 *   - one VM per process (hv_vm_create while one exists: HV_BUSY);
 *   - hv_vm_map: uva, gpa and size 4 KiB aligned, no overlap with an existing mapping;
 *   - every vCPU call but hv_vcpu_interrupt from the thread that created the vCPU;
 *   - VMCS writes only to control and guest-state fields (HVF owns host state and exit info);
 *   - VM entry checks the five VMX controls against the capabilities (SDM Vol. 3C A.3: low half
 *     = bits that must be 1, high half = bits that may be 1) and fails like VMLAUNCH with
 *     VM-instruction error 7 ("VM entry with invalid control fields") when they do not hold.
 * Violations return an error and are counted for the tests (fakehv_violations).
 * What real HVF returns for these misuses is not documented; the codes here are the fake's choice.
 */
#define _DEFAULT_SOURCE 1
#include "fakehv.h"

#include <Hypervisor/hv.h>
#include <Hypervisor/hv_vmx.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_VCPUS 8
#define MAX_MAPS 32
#define MAX_SCRIPT 64
#define MAX_NATIVE_MSRS 32
#define VMCS_SLOTS 0x8000
#define PAGE 4096u

/* SDM Vol. 3C App. B encodings the fake interprets. */
#define VMCS_PIN_BASED 0x4000u
#define VMCS_PROC_BASED 0x4002u
#define VMCS_EXIT_CONTROLS 0x400cu
#define VMCS_ENTRY_CONTROLS 0x4012u
#define VMCS_PROC_BASED2 0x401eu
#define VMCS_VM_INSTRUCTION_ERROR 0x4400u
#define VMCS_EXIT_REASON 0x4402u
#define VMCS_IDT_VECTORING_INFO 0x4408u
#define VMCS_ENTRY_INTERRUPTION_INFO 0x4016u
#define VMCS_ENTRY_EXCEPTION_ERROR_CODE 0x4018u
#define INTERRUPTION_INFO_VALID 0x80000000u
#define VMCS_IDT_VECTORING_ERROR 0x440au
#define VMCS_EXIT_INSTRUCTION_LENGTH 0x440cu
#define VMCS_EXIT_INSTRUCTION_INFO 0x440eu
#define VMCS_GUEST_PHYSICAL_ADDRESS 0x2400u
#define VMCS_EXIT_QUALIFICATION 0x6400u
#define VMCS_GUEST_LINEAR_ADDRESS 0x640au
#define VMCS_GUEST_CR0 0x6800u
#define VMCS_GUEST_CR3 0x6802u
#define VMCS_GUEST_CR4 0x6804u
#define VMCS_GUEST_RSP 0x681cu
#define VMCS_GUEST_RIP 0x681eu
#define VMCS_GUEST_RFLAGS 0x6820u
#define VM_INSTRUCTION_ERROR_INVALID_CONTROLS 7
#define EXIT_REASON_EXTERNAL_INTERRUPT 1

struct exit_script {
    uint32_t reason, length, info;
    uint64_t qualification, gpa, gla;
    uint32_t idt_vectoring, idt_error;
};

struct vcpu {
    int used;
    pthread_t owner;
    int running, kicked;
    uint64_t regs[HV_X86_REGISTERS_MAX];
    uint64_t *vmcs;
    uint32_t native_msrs[MAX_NATIVE_MSRS];
    uint64_t msr_values[MAX_NATIVE_MSRS];
    int native_count;
    uint64_t last_injected, last_injected_error;
    struct exit_script script[MAX_SCRIPT];
    int script_head, script_len;
};

struct mapping {
    uint64_t gpa, size;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t kicked = PTHREAD_COND_INITIALIZER;
static int vm_exists;
static struct vcpu vcpus[MAX_VCPUS];
static struct mapping maps[MAX_MAPS];
static int map_count;
static uint64_t caps[64];
static int32_t hv_support = 1;
static hv_return_t next_vm_create_error;
static int32_t kick_timeout_ms = 2000;
static int32_t violations;
static int32_t runs;
static char last_violation[256];

/* Capabilities of a plausible Intel host as HVF reports them (policy values, SDM A.3 layout). */
static void default_caps(void) {
    memset(caps, 0, sizeof caps);
    /* Hardware values as in a VirtualBox log of an Intel Mac, with Apple's documented overlay:
     * secondary controls, MSR bitmaps, EPT, unrestricted guest forced on; I/O bitmaps,
     * APIC-register virtualization and "acknowledge interrupt on exit" forced off. */
    caps[HV_VMX_CAP_PINBASED] = 0x0000007f00000016ull;
    caps[HV_VMX_CAP_PROCBASED] = 0xfdf9fffe9401e172ull;
    caps[HV_VMX_CAP_PROCBASED2] = 0x001010ff00000082ull;
    caps[HV_VMX_CAP_ENTRY] = 0x0000f3ff000011ffull;
    caps[HV_VMX_CAP_EXIT] = 0x003f6fff00036dffull;
    caps[HV_VMX_CAP_CR0_FIXED0] = 0x0000000080000021ull;
    caps[HV_VMX_CAP_CR0_FIXED1] = 0x00000000ffffffffull;
    caps[HV_VMX_CAP_CR4_FIXED0] = 0x0000000000002000ull;
    caps[HV_VMX_CAP_CR4_FIXED1] = 0x00000000003767ffull;
}

static hv_return_t violation(hv_return_t code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_violation, sizeof last_violation, fmt, ap);
    va_end(ap);
    violations++;
    return code;
}

/* The vCPU if it exists and the caller owns it; lock held. */
static struct vcpu *owned(hv_vcpuid_t id, const char *call, hv_return_t *err) {
    if (id >= MAX_VCPUS || !vcpus[id].used) {
        *err = violation(HV_BAD_ARGUMENT, "%s: no vCPU %u", call, id);
        return NULL;
    }
    if (!pthread_equal(vcpus[id].owner, pthread_self())) {
        *err = violation(HV_BAD_ARGUMENT, "%s: vCPU %u used by a thread that does not own it", call, id);
        return NULL;
    }
    return &vcpus[id];
}

#define WITH_VCPU(id, call)                                   \
    hv_return_t err_ = HV_SUCCESS;                            \
    pthread_mutex_lock(&lock);                                \
    struct vcpu *v = owned((id), (call), &err_);              \
    if (v == NULL) {                                          \
        pthread_mutex_unlock(&lock);                          \
        return err_;                                          \
    }

/* Registers that are views of VMCS guest-state fields, so either access path sees one value. */
static uint32_t vmcs_alias(hv_x86_reg_t reg) {
    switch (reg) {
    case HV_X86_RIP: return VMCS_GUEST_RIP;
    case HV_X86_RFLAGS: return VMCS_GUEST_RFLAGS;
    case HV_X86_RSP: return VMCS_GUEST_RSP;
    case HV_X86_CR0: return VMCS_GUEST_CR0;
    case HV_X86_CR3: return VMCS_GUEST_CR3;
    case HV_X86_CR4: return VMCS_GUEST_CR4;
    default: return 0;
    }
}

hv_return_t hv_vm_create(hv_vm_options_t flags) {
    (void)flags;
    pthread_mutex_lock(&lock);
    hv_return_t r = HV_SUCCESS;
    if (next_vm_create_error != HV_SUCCESS) {
        r = next_vm_create_error;
        next_vm_create_error = HV_SUCCESS;
    } else if (vm_exists) {
        r = violation(HV_BUSY, "hv_vm_create: this process already has a VM");
    } else {
        vm_exists = 1;
    }
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vm_destroy(void) {
    pthread_mutex_lock(&lock);
    hv_return_t r = HV_SUCCESS;
    if (!vm_exists) {
        r = violation(HV_BAD_ARGUMENT, "hv_vm_destroy: no VM");
    } else {
        for (int i = 0; i < MAX_VCPUS; i++) {
            if (vcpus[i].used) r = violation(HV_BUSY, "hv_vm_destroy: vCPU %d still exists", i);
        }
        if (r == HV_SUCCESS) {
            vm_exists = 0;
            map_count = 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vm_map(hv_uvaddr_t uva, hv_gpaddr_t gpa, size_t size, hv_memory_flags_t flags) {
    pthread_mutex_lock(&lock);
    hv_return_t r = HV_SUCCESS;
    if (!vm_exists) {
        r = violation(HV_BAD_ARGUMENT, "hv_vm_map: no VM");
    } else if (((uintptr_t)uva | gpa | size) % PAGE != 0 || size == 0) {
        r = violation(HV_BAD_ARGUMENT, "hv_vm_map: uva %p gpa 0x%llx size 0x%zx not page aligned", uva,
                      (unsigned long long)gpa, size);
    } else if ((flags & ~(HV_MEMORY_READ | HV_MEMORY_WRITE | HV_MEMORY_EXEC)) != 0) {
        r = violation(HV_BAD_ARGUMENT, "hv_vm_map: unknown flags 0x%llx", (unsigned long long)flags);
    } else if (map_count == MAX_MAPS) {
        r = HV_NO_RESOURCES;
    } else {
        for (int i = 0; i < map_count; i++) {
            if (gpa < maps[i].gpa + maps[i].size && maps[i].gpa < gpa + size) {
                r = violation(HV_BAD_ARGUMENT, "hv_vm_map: gpa 0x%llx size 0x%zx overlaps a mapping",
                              (unsigned long long)gpa, size);
            }
        }
        if (r == HV_SUCCESS) maps[map_count++] = (struct mapping){gpa, size};
    }
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vm_unmap(hv_gpaddr_t gpa, size_t size) {
    pthread_mutex_lock(&lock);
    hv_return_t r = violation(HV_BAD_ARGUMENT, "hv_vm_unmap: no mapping at 0x%llx size 0x%zx",
                              (unsigned long long)gpa, size);
    for (int i = 0; i < map_count; i++) {
        if (maps[i].gpa == gpa && maps[i].size == size) {
            maps[i] = maps[--map_count];
            violations--;
            r = HV_SUCCESS;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vm_protect(hv_gpaddr_t gpa, size_t size, hv_memory_flags_t flags) {
    (void)gpa, (void)size, (void)flags;
    return HV_SUCCESS;
}

hv_return_t hv_vcpu_create(hv_vcpuid_t *id, hv_vcpu_options_t flags) {
    (void)flags;
    pthread_mutex_lock(&lock);
    hv_return_t r = HV_NO_RESOURCES;
    if (!vm_exists) {
        r = violation(HV_BAD_ARGUMENT, "hv_vcpu_create: no VM");
    } else {
        for (hv_vcpuid_t i = 0; i < MAX_VCPUS; i++) {
            if (vcpus[i].used) continue;
            uint64_t *vmcs = vcpus[i].vmcs ? vcpus[i].vmcs : calloc(VMCS_SLOTS, sizeof *vmcs);
            memset(&vcpus[i], 0, sizeof vcpus[i]);
            memset(vmcs, 0, VMCS_SLOTS * sizeof *vmcs);
            vcpus[i].vmcs = vmcs;
            vcpus[i].used = 1;
            vcpus[i].owner = pthread_self();
            *id = i;
            r = HV_SUCCESS;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vcpu_destroy(hv_vcpuid_t id) {
    WITH_VCPU(id, "hv_vcpu_destroy")
    v->used = 0;
    pthread_mutex_unlock(&lock);
    return HV_SUCCESS;
}

hv_return_t hv_vcpu_read_register(hv_vcpuid_t id, hv_x86_reg_t reg, uint64_t *value) {
    WITH_VCPU(id, "hv_vcpu_read_register")
    hv_return_t r = HV_SUCCESS;
    if ((unsigned)reg >= HV_X86_REGISTERS_MAX) r = violation(HV_BAD_ARGUMENT, "bad register %d", reg);
    else *value = vmcs_alias(reg) ? v->vmcs[vmcs_alias(reg)] : v->regs[reg];
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vcpu_write_register(hv_vcpuid_t id, hv_x86_reg_t reg, uint64_t value) {
    WITH_VCPU(id, "hv_vcpu_write_register")
    hv_return_t r = HV_SUCCESS;
    if ((unsigned)reg >= HV_X86_REGISTERS_MAX) r = violation(HV_BAD_ARGUMENT, "bad register %d", reg);
    else if (vmcs_alias(reg)) v->vmcs[vmcs_alias(reg)] = value;
    else v->regs[reg] = value;
    pthread_mutex_unlock(&lock);
    return r;
}

static int native_slot(struct vcpu *v, uint32_t msr) {
    for (int i = 0; i < v->native_count; i++) {
        if (v->native_msrs[i] == msr) return i;
    }
    return -1;
}

hv_return_t hv_vcpu_enable_native_msr(hv_vcpuid_t id, uint32_t msr, bool enable) {
    WITH_VCPU(id, "hv_vcpu_enable_native_msr")
    hv_return_t r = HV_SUCCESS;
    if (enable && native_slot(v, msr) < 0) {
        if (v->native_count == MAX_NATIVE_MSRS) r = HV_NO_RESOURCES;
        else v->native_msrs[v->native_count++] = msr;
    }
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vcpu_read_msr(hv_vcpuid_t id, uint32_t msr, uint64_t *value) {
    WITH_VCPU(id, "hv_vcpu_read_msr")
    int slot = native_slot(v, msr);
    hv_return_t r = slot < 0 ? violation(HV_BAD_ARGUMENT, "hv_vcpu_read_msr: MSR 0x%x is not native", msr)
                             : HV_SUCCESS;
    if (slot >= 0) *value = v->msr_values[slot];
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vcpu_write_msr(hv_vcpuid_t id, uint32_t msr, uint64_t value) {
    WITH_VCPU(id, "hv_vcpu_write_msr")
    int slot = native_slot(v, msr);
    hv_return_t r = slot < 0 ? violation(HV_BAD_ARGUMENT, "hv_vcpu_write_msr: MSR 0x%x is not native", msr)
                             : HV_SUCCESS;
    if (slot >= 0) v->msr_values[slot] = value;
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vcpu_invalidate_tlb(hv_vcpuid_t id) {
    WITH_VCPU(id, "hv_vcpu_invalidate_tlb")
    pthread_mutex_unlock(&lock);
    return HV_SUCCESS;
}

hv_return_t hv_vmx_read_capability(hv_vmx_capability_t field, uint64_t *value) {
    if ((unsigned)field >= 64) return HV_BAD_ARGUMENT;
    pthread_mutex_lock(&lock);
    *value = caps[field];
    pthread_mutex_unlock(&lock);
    return HV_SUCCESS;
}

hv_return_t hv_vmx_vcpu_read_vmcs(hv_vcpuid_t id, uint32_t field, uint64_t *value) {
    WITH_VCPU(id, "hv_vmx_vcpu_read_vmcs")
    hv_return_t r = HV_SUCCESS;
    if (field >= VMCS_SLOTS) r = violation(HV_BAD_ARGUMENT, "no VMCS field 0x%x", field);
    else *value = v->vmcs[field];
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vmx_vcpu_write_vmcs(hv_vcpuid_t id, uint32_t field, uint64_t value) {
    WITH_VCPU(id, "hv_vmx_vcpu_write_vmcs")
    /* SDM App. B: encoding bits 11:10 are the field type; 1 = exit information, 3 = host state. */
    uint32_t type = (field >> 10) & 3;
    hv_return_t r = HV_SUCCESS;
    if (field >= VMCS_SLOTS) r = violation(HV_BAD_ARGUMENT, "no VMCS field 0x%x", field);
    else if (type == 1 || type == 3)
        r = violation(HV_BAD_ARGUMENT, "VMCS field 0x%x is %s", field, type == 1 ? "read-only" : "host state");
    else v->vmcs[field] = value;
    pthread_mutex_unlock(&lock);
    return r;
}

/* SDM A.3: control value vs capability; lock held. */
static int control_ok(struct vcpu *v, uint32_t field, hv_vmx_capability_t cap) {
    uint64_t value = v->vmcs[field] & 0xffffffffu;
    uint64_t must1 = caps[cap] & 0xffffffffu, may1 = caps[cap] >> 32;
    return (value & must1) == must1 && (value & ~may1) == 0;
}

static void store_exit(struct vcpu *v, const struct exit_script *e) {
    v->vmcs[VMCS_EXIT_REASON] = e->reason;
    v->vmcs[VMCS_EXIT_QUALIFICATION] = e->qualification;
    v->vmcs[VMCS_EXIT_INSTRUCTION_LENGTH] = e->length;
    v->vmcs[VMCS_EXIT_INSTRUCTION_INFO] = e->info;
    v->vmcs[VMCS_GUEST_PHYSICAL_ADDRESS] = e->gpa;
    v->vmcs[VMCS_GUEST_LINEAR_ADDRESS] = e->gla;
    v->vmcs[VMCS_IDT_VECTORING_INFO] = e->idt_vectoring;
    v->vmcs[VMCS_IDT_VECTORING_ERROR] = e->idt_error;
}

hv_return_t hv_vcpu_run_until(hv_vcpuid_t id, uint64_t deadline) {
    (void)deadline;
    WITH_VCPU(id, "hv_vcpu_run_until")
    if (!control_ok(v, VMCS_PIN_BASED, HV_VMX_CAP_PINBASED) || !control_ok(v, VMCS_PROC_BASED, HV_VMX_CAP_PROCBASED)
        || !control_ok(v, VMCS_PROC_BASED2, HV_VMX_CAP_PROCBASED2)
        || !control_ok(v, VMCS_ENTRY_CONTROLS, HV_VMX_CAP_ENTRY)
        || !control_ok(v, VMCS_EXIT_CONTROLS, HV_VMX_CAP_EXIT)) {
        v->vmcs[VMCS_VM_INSTRUCTION_ERROR] = VM_INSTRUCTION_ERROR_INVALID_CONTROLS;
        pthread_mutex_unlock(&lock);
        return HV_ERROR;
    }
    runs++;
    /* Entry delivers a queued event, and the valid bit is clear again after the exit (SDM 24.8.3, 27.2). */
    if (v->vmcs[VMCS_ENTRY_INTERRUPTION_INFO] & INTERRUPTION_INFO_VALID) {
        v->last_injected = v->vmcs[VMCS_ENTRY_INTERRUPTION_INFO];
        v->last_injected_error = v->vmcs[VMCS_ENTRY_EXCEPTION_ERROR_CODE];
        v->vmcs[VMCS_ENTRY_INTERRUPTION_INFO] &= ~(uint64_t)INTERRUPTION_INFO_VALID;
    }
    hv_return_t r = HV_SUCCESS;
    if (v->script_len > 0) {
        store_exit(v, &v->script[v->script_head]);
        v->script_head = (v->script_head + 1) % MAX_SCRIPT;
        v->script_len--;
    } else {
        /* Nothing scripted: "run the guest" until kicked, like a guest spinning in a loop. */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += kick_timeout_ms / 1000;
        until.tv_nsec += (long)(kick_timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
        v->running = 1;
        int w = 0;
        while (!v->kicked && w != ETIMEDOUT) w = pthread_cond_timedwait(&kicked, &lock, &until);
        v->running = 0;
        if (v->kicked) {
            store_exit(v, &(struct exit_script){.reason = EXIT_REASON_EXTERNAL_INTERRUPT});
        } else {
            r = violation(HV_ERROR, "hv_vcpu_run_until: vCPU %u had no scripted exit and was never kicked", id);
        }
    }
    v->kicked = 0;
    pthread_mutex_unlock(&lock);
    return r;
}

hv_return_t hv_vcpu_interrupt(hv_vcpuid_t *ids, unsigned int count) {
    pthread_mutex_lock(&lock);
    hv_return_t r = HV_SUCCESS;
    for (unsigned int i = 0; i < count; i++) {
        if (ids[i] >= MAX_VCPUS || !vcpus[ids[i]].used) r = violation(HV_BAD_ARGUMENT, "hv_vcpu_interrupt: no vCPU %u", ids[i]);
        else vcpus[ids[i]].kicked = 1;
    }
    pthread_cond_broadcast(&kicked);
    pthread_mutex_unlock(&lock);
    return r;
}

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) {
    (void)newp, (void)newlen;
    if (strcmp(name, "kern.hv_support") != 0 || *oldlenp < sizeof(int)) return -1;
    if (hv_support < 0) return -1;
    *(int *)oldp = hv_support;
    *oldlenp = sizeof(int);
    return 0;
}

/* ---- test controls ---- */

void fakehv_reset(void) {
    pthread_mutex_lock(&lock);
    vm_exists = 0;
    map_count = 0;
    for (int i = 0; i < MAX_VCPUS; i++) {
        uint64_t *vmcs = vcpus[i].vmcs;
        memset(&vcpus[i], 0, sizeof vcpus[i]);
        vcpus[i].vmcs = vmcs;
    }
    default_caps();
    hv_support = 1;
    next_vm_create_error = HV_SUCCESS;
    kick_timeout_ms = 2000;
    violations = 0;
    runs = 0;
    last_violation[0] = 0;
    pthread_mutex_unlock(&lock);
}

void fakehv_set_cap(uint32_t which, uint64_t value) {
    pthread_mutex_lock(&lock);
    if (which < 64) caps[which] = value;
    pthread_mutex_unlock(&lock);
}

void fakehv_set_hv_support(int32_t value) { hv_support = value; }

void fakehv_fail_next_vm_create(int32_t code) { next_vm_create_error = code; }

void fakehv_push_exit(uint32_t vcpu, uint32_t reason, uint64_t qualification, uint32_t instruction_length,
                      uint32_t instruction_info, uint64_t guest_physical, uint64_t guest_linear) {
    pthread_mutex_lock(&lock);
    if (vcpu < MAX_VCPUS && vcpus[vcpu].script_len < MAX_SCRIPT) {
        struct vcpu *v = &vcpus[vcpu];
        v->script[(v->script_head + v->script_len) % MAX_SCRIPT] = (struct exit_script){
            reason, instruction_length, instruction_info, qualification, guest_physical, guest_linear, 0, 0};
        v->script_len++;
    }
    pthread_mutex_unlock(&lock);
}

void fakehv_set_last_exit_vectoring(uint32_t vcpu, uint32_t info, uint32_t error_code) {
    pthread_mutex_lock(&lock);
    if (vcpu < MAX_VCPUS && vcpus[vcpu].script_len > 0) {
        struct vcpu *v = &vcpus[vcpu];
        struct exit_script *e = &v->script[(v->script_head + v->script_len - 1) % MAX_SCRIPT];
        e->idt_vectoring = info;
        e->idt_error = error_code;
    }
    pthread_mutex_unlock(&lock);
}

void fakehv_set_kick_timeout_ms(int32_t ms) { kick_timeout_ms = ms; }

int32_t fakehv_violations(void) { return violations; }

const char *fakehv_last_violation(void) { return last_violation; }

uint64_t fakehv_peek_vmcs(uint32_t vcpu, uint32_t field) {
    pthread_mutex_lock(&lock);
    uint64_t v = vcpu < MAX_VCPUS && vcpus[vcpu].vmcs && field < VMCS_SLOTS ? vcpus[vcpu].vmcs[field] : 0;
    pthread_mutex_unlock(&lock);
    return v;
}

uint64_t fakehv_peek_register(uint32_t vcpu, uint32_t reg) {
    pthread_mutex_lock(&lock);
    uint64_t v = 0;
    if (vcpu < MAX_VCPUS && vcpus[vcpu].vmcs && reg < HV_X86_REGISTERS_MAX) {
        uint32_t alias = vmcs_alias((hv_x86_reg_t)reg);
        v = alias ? vcpus[vcpu].vmcs[alias] : vcpus[vcpu].regs[reg];
    }
    pthread_mutex_unlock(&lock);
    return v;
}

uint64_t fakehv_last_injected(uint32_t vcpu, int32_t error_code) {
    pthread_mutex_lock(&lock);
    uint64_t v = vcpu < MAX_VCPUS ? (error_code ? vcpus[vcpu].last_injected_error : vcpus[vcpu].last_injected) : 0;
    pthread_mutex_unlock(&lock);
    return v;
}

int32_t fakehv_vcpu_count(void) {
    int32_t n = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_VCPUS; i++) n += vcpus[i].used;
    pthread_mutex_unlock(&lock);
    return n;
}

int32_t fakehv_mapping_count(void) { return map_count; }

int32_t fakehv_runs(void) { return runs; }

__attribute__((constructor)) static void fakehv_init(void) { default_caps(); }
