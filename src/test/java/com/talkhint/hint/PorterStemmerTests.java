package com.talkhint.hint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Porter stemmer outputs, including the examples of Porter's paper and the words the playbook relies on. */
class PorterStemmerTests {

	@ParameterizedTest
	@CsvSource({ "caresses,caress", "ponies,poni", "cats,cat", "agreed,agre", "plastered,plaster", "motoring,motor",
			"hopping,hop", "filing,file", "happy,happi", "relational,relat", "conditional,condit", "generalization,gener",
			"hopeful,hope", "goodness,good", "adjustment,adjust", "adoption,adopt", "controlling,control", "rate,rate",
			"cancel,cancel", "cancelling,cancel", "cancellation,cancel", "canceled,cancel", "price,price",
			"pricing,price", "prices,price", "decides,decid", "decision,decis", "evaluating,evalu", "evaluate,evalu",
			"it's,it's", "a,a" })
	void stemsAsPorterDescribes(String word, String stem) {
		assertThat(PorterStemmer.stem(word)).isEqualTo(stem);
	}

}
