/* Helpers the base-service tests call from Swift (Tests/NBKernelTests/Base*Tests.swift). */
#ifndef NBSHIM_KTEST_BASE_H
#define NBSHIM_KTEST_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pcq;
struct pcq *ktest_pcq_create(size_t n);
bool ktest_pcq_put(struct pcq *q, uintptr_t v);
uintptr_t ktest_pcq_get(struct pcq *q);
void ktest_pcq_destroy(struct pcq *q);

int ktest_run_once(void);
int ktest_once_runs(void);

void ktest_percpu_setup(void);
void ktest_percpu_bump(int n);
uint64_t ktest_percpu_total(void);

#endif
