package com.talkhint.simulator;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses a TwiML {@code <Response>} into {@link TwimlVerb}s with Twilio's strictness: malformed XML (a blank
 * line before {@code <?xml} included), another root element or an unknown verb is error 12100 and the call
 * ends; attribute values are checked later, when the verb runs, as Twilio does.
 */
final class Twiml {

	/** Voice verbs Twilio accepts in a {@code <Response>}; anything else fails the document. */
	private static final Set<String> VOICE_VERBS = Set.of("Say", "Play", "Dial", "Record", "Gather", "Hangup", "Pause",
			"Redirect", "Reject", "Enqueue", "Leave", "Connect", "Start", "Stop", "Refer", "Pay", "Prompt", "Sms",
			"Echo", "Queue");

	private Twiml() {
	}

	static List<TwimlVerb> parse(String xml) {
		Document document = read(xml);
		Element root = document.getDocumentElement();
		if (!"Response".equals(root.getTagName())) {
			throw new TwimlException(12100, "Document parse failure: the root element is <" + root.getTagName()
					+ ">, TwiML must be a <Response>");
		}
		List<TwimlVerb> verbs = new ArrayList<>();
		for (Element verb : children(root)) {
			String name = verb.getTagName();
			switch (name) {
				case "Say" -> verbs.add(new TwimlVerb.Say(verb.getTextContent().trim()));
				case "Pause" -> verbs.add(new TwimlVerb.Pause(intAttribute(verb, "length", 1)));
				case "Hangup" -> verbs.add(new TwimlVerb.Hangup());
				case "Redirect" -> verbs.add(new TwimlVerb.Redirect(verb.getTextContent().trim(), attribute(verb, "method")));
				case "Dial" -> verbs.add(dial(verb));
				case "Start" -> start(verb, verbs);
				case "Stop" -> stop(verb, verbs);
				default -> {
					if (!VOICE_VERBS.contains(name)) {
						throw new TwimlException(12100, "Document parse failure: <" + name + "> is not a TwiML verb");
					}
					verbs.add(new TwimlVerb.Unsupported(name));
				}
			}
		}
		return verbs;
	}

	private static TwimlVerb.Dial dial(Element dial) {
		List<String> targets = new ArrayList<>();
		List<Element> nouns = children(dial);
		for (Element noun : nouns) {
			String text = noun.getTextContent().trim();
			switch (noun.getTagName()) {
				case "Number", "Sip", "Conference", "Queue" -> targets.add(text);
				case "Client" -> targets.add("client:" + text);
				default -> throw new TwimlException(12100,
						"Document parse failure: <" + noun.getTagName() + "> is not allowed in <Dial>");
			}
		}
		if (nouns.isEmpty() && !dial.getTextContent().isBlank()) {
			targets.add(dial.getTextContent().trim());
		}
		return new TwimlVerb.Dial(List.copyOf(targets), attribute(dial, "callerId"), attribute(dial, "action"),
				attribute(dial, "method"));
	}

	private static void start(Element start, List<TwimlVerb> verbs) {
		for (Element noun : children(start)) {
			switch (noun.getTagName()) {
				case "Stream" -> verbs.add(new TwimlVerb.StartStream(stream(noun)));
				case "Siprec", "Transcription" -> verbs.add(new TwimlVerb.Unsupported("Start/" + noun.getTagName()));
				default -> throw new TwimlException(12100,
						"Document parse failure: <" + noun.getTagName() + "> is not allowed in <Start>");
			}
		}
	}

	private static void stop(Element stop, List<TwimlVerb> verbs) {
		for (Element noun : children(stop)) {
			switch (noun.getTagName()) {
				case "Stream" -> verbs.add(new TwimlVerb.StopStream(attribute(noun, "name")));
				case "Siprec", "Transcription" -> verbs.add(new TwimlVerb.Unsupported("Stop/" + noun.getTagName()));
				default -> throw new TwimlException(12100,
						"Document parse failure: <" + noun.getTagName() + "> is not allowed in <Stop>");
			}
		}
	}

	private static TwimlVerb.StreamSpec stream(Element stream) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (Element parameter : children(stream)) {
			if (!"Parameter".equals(parameter.getTagName())) {
				throw new TwimlException(12100,
						"Document parse failure: <" + parameter.getTagName() + "> is not allowed in <Stream>");
			}
			parameters.put(parameter.getAttribute("name"), parameter.getAttribute("value"));
		}
		return new TwimlVerb.StreamSpec(attribute(stream, "url"), attribute(stream, "name"),
				attribute(stream, "track"), attribute(stream, "statusCallback"),
				attribute(stream, "statusCallbackMethod"), parameters);
	}

	private static Document read(String xml) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			// TwiML comes from the network: no DTDs, no external entities.
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(new DefaultHandler()); // the default handler prints to stderr
			return builder.parse(new InputSource(new StringReader(xml)));
		}
		catch (SAXException ex) {
			throw new TwimlException(12100, "Document parse failure: " + ex.getMessage());
		}
		catch (ParserConfigurationException | IOException ex) {
			throw new IllegalStateException("XML parser unavailable", ex);
		}
	}

	private static List<Element> children(Element parent) {
		List<Element> elements = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element) {
				elements.add(element);
			}
		}
		return elements;
	}

	private static String attribute(Element element, String name) {
		return element.hasAttribute(name) ? element.getAttribute(name) : null;
	}

	private static int intAttribute(Element element, String name, int fallback) {
		String value = attribute(element, name);
		if (value == null) {
			return fallback;
		}
		try {
			return Math.max(0, Integer.parseInt(value.trim()));
		}
		catch (NumberFormatException ex) {
			throw new TwimlException(12100, "Document parse failure: <" + element.getTagName() + " " + name + "=\""
					+ value + "\"> is not a number");
		}
	}

	/** A TwiML document Twilio would refuse; {@code code} is Twilio's error code. */
	static final class TwimlException extends RuntimeException {

		private final int code;

		TwimlException(int code, String message) {
			super(message);
			this.code = code;
		}

		int code() {
			return this.code;
		}

	}

}
