package dev.dialtone.benchmarks;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvTableTests {

	@Test
	void readsQuotedFieldsByColumnName() {
		CsvTable table = CsvTable.parse(List.of("\"Benchmark\",\"Unit\",count", "\"a,b\",\"say \"\"hi\"\"\", 3", ""));
		assertThat(table.columns()).containsExactly("Benchmark", "Unit", "count");
		assertThat(table.rows()).containsExactly(Map.of("Benchmark", "a,b", "Unit", "say \"hi\"", "count", "3"));
	}

	@Test
	void refusesALineWithAnotherNumberOfFields() {
		assertThatIllegalArgumentException().isThrownBy(() -> CsvTable.parse(List.of("a,b", "1,2", "3")))
			.withMessageContaining("Line 3 has 1 fields, the header 2");
	}

	@Test
	void namesTheMissingColumns() {
		CsvTable table = CsvTable.parse(List.of("variant,channels", "before,1"));
		assertThatIllegalArgumentException().isThrownBy(() -> table.require("variant", "p50_ms", "p99_ms"))
			.withMessageContaining("[p50_ms, p99_ms]");
	}

}
