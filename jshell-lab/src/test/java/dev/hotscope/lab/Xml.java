package dev.hotscope.lab;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Parses HTML fragments and SVG as XML, which fails on anything not well-formed or badly escaped. */
final class Xml {
    private Xml() {
    }

    static Document parse(String fragmentOrDocument) throws Exception {
        String xml = fragmentOrDocument.startsWith("<?xml") ? fragmentOrDocument
            : "<root>" + fragmentOrDocument + "</root>";
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
