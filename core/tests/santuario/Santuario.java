// Signs or verifies an XML signature with Apache Santuario (Debian's libxml-security-java), for the
// interop tests in ../dsig_transforms.rs.
//
//   java Santuario sign IN OUT KEY.p8 CERT.der SIGNATURE-URI DIGEST-URI REFERENCE-URI TRANSFORM...
//   java Santuario verify IN CERT.der
//
// The signature goes last in the root element. Each TRANSFORM is an algorithm URI, or
// xpath:EXPRESSION for an XPath transform whose XPath element binds dsig to the XMLDSig namespace.
// Elements' Id attributes are registered as IDs. Exit status 0: done (sign) or valid (verify).

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.XPathContainer;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.XMLUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class Santuario {
    public static void main(String[] args) throws Exception {
        Init.init();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(Files.newInputStream(Paths.get(args[1])));
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("Id")) {
                e.setIdAttribute("Id", true);
            }
        }
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Paths.get(args[args[0].equals("sign") ? 4 : 2]))));
        if (args[0].equals("verify")) {
            NodeList signatures = doc.getElementsByTagNameNS(Constants.SignatureSpecNS, "Signature");
            for (int i = 0; i < signatures.getLength(); i++) {
                XMLSignature signature = new XMLSignature((Element) signatures.item(i), "");
                if (!signature.checkSignatureValue(cert)) {
                    System.err.println("signature " + i + " does not verify");
                    System.exit(1);
                }
            }
            return;
        }
        PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
            .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(Paths.get(args[3]))));
        XMLSignature signature = new XMLSignature(doc, "", args[5], Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS);
        doc.getDocumentElement().appendChild(signature.getElement());
        Transforms transforms = new Transforms(doc);
        for (int i = 8; i < args.length; i++) {
            if (args[i].startsWith("xpath:")) {
                XPathContainer xpath = new XPathContainer(doc);
                xpath.setXPathNamespaceContext("dsig", Constants.SignatureSpecNS);
                xpath.setXPath(args[i].substring("xpath:".length()));
                transforms.addTransform(Transforms.TRANSFORM_XPATH, xpath.getElementPlusReturns());
            } else {
                transforms.addTransform(args[i]);
            }
        }
        signature.addDocument(args[7], transforms, args[6]);
        signature.addKeyInfo(cert);
        signature.sign(key);
        try (FileOutputStream out = new FileOutputStream(args[2])) {
            XMLUtils.outputDOM(doc, out);
        }
    }
}
