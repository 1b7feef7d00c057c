package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With Service Connect the service container keeps its size and the task grows to hold the proxy too. */
class TaskSizeTest {

    @ParameterizedTest
    @CsvSource({
        "256, 512, 512, 1024",
        "512, 1024, 1024, 2048",
        "1024, 2048, 2048, 4096",
        "1024, 4096, 2048, 5120"})
    void growsTheTaskToTheNextFargateSizeThatHoldsTheProxy(int cpu, int memory, int taskCpu, int taskMemory) {
        TaskSize size = TaskSize.withProxy(cpu, memory);

        assertThat(size).isEqualTo(new TaskSize(taskCpu, taskMemory, cpu, memory));
        assertThat(size.taskCpu() - size.containerCpu()).isGreaterThanOrEqualTo(TaskSize.PROXY_CPU);
        assertThat(size.taskMemory() - size.containerMemory()).isGreaterThanOrEqualTo(TaskSize.PROXY_MEMORY);
    }

    @ParameterizedTest
    @CsvSource({"256, 512", "1024, 2048"})
    void givesTheServiceContainerTheWholeTaskWithoutAProxy(int cpu, int memory) {
        assertThat(TaskSize.withoutProxy(cpu, memory)).isEqualTo(new TaskSize(cpu, memory, cpu, memory));
    }
}
