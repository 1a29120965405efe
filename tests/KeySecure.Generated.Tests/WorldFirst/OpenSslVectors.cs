namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>
/// SHA256withRSA signatures made once by the openssl command line, an implementation that shares no code with the SDK,
/// over texts built by hand from WorldFirst's documentation. PKCS#1 v1.5 signatures are deterministic, so the SDK's
/// signature over the same text with the same key must be these bytes exactly, and the SDK must accept them. Kept as
/// vectors so the test run needs no openssl; to make them again (the key is a test key, used nowhere else):
/// <code>
/// openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out kat.key.pem
/// printf '%s\n%s' 'POST /amsin/api/v2/business/worldcard/queryCardSensitiveInfo' '&lt;client id&gt;.&lt;time&gt;.&lt;body&gt;' \
///   | openssl dgst -sha256 -sign kat.key.pem | base64 -w0
/// </code>
/// </summary>
internal static class OpenSslVectors
{
    public const string KeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCU8nyPb9W16fRT
        5t7REeGL9Au0clc0FelOdGrIv/Ij37C184SRUj/+HzYNTNjpeFj4e6n1VSgDRNeB
        5FZDeStbZtCJpLzSJrh21+VakjNNxaaZVoBEPvjXgaK0FhXATuKWeJ4HTDzW/mIP
        IdphtFqjtujQBkEdV6CnHeURneliwv7gvQ4L0M8a7uaTchanW+0dhpgqczdOrVHy
        S6rLgJgiOaponkBewF0y+lrta5Uw6lquNNFrgMd4lxRggGDbNlfEyXVL6GyRfeXO
        mS6i3WdcO4U1LuZNzAnNj4j49PhfedT/4O/M8ytK40yjuFsIODyhAdOljAD+qsu7
        vw09TzenAgMBAAECggEARniqPXVE0IKmQpIvpwyGQeDQLuqQXsjlL2T+ZwgGCTob
        UiMq/FTFiTb8LHPJB0GVGs/rvHMzcMSAEGlX9SmdvWuaTB2A5w9B5JzGW8Fje68B
        4XffTSrcMp6XvAvc87V/GIFuB3bnLDOEcrNqLyMVZXMzmMT0xuzASoFm8ZxcoYh2
        w1hnNzQsfg58JH3a8DEurs2kQPUr+0sCyPczR0Ij17U23A8oUzw425SxVC717qMn
        GHFeMUqJ9r0gWnyxNyB4lYzxUBNSE8MdDlQy2FUa9wDAJmjZjjQseaa+ar/JhlHl
        uxcRL4vYjejZE3vNfmSxs+pUq35c4uJ9MsmxrbMxrQKBgQDQVxgaXBY0gS1RBA/8
        9f4Hr7v+9rg68Zad1OnnWjLAArwtaxiGtEIAlHhSCbSztPlaezOP0f2dh6165pyR
        R85rlWMJk90y2DIbmTyzAWIdDvRC5wKA8jdIKERGr5fww2QLo4OQvpTUOVUg8yBU
        fczKT3W6EN75JUFhN6Z6nMMs2wKBgQC3BTHsel7xhMHPQw5OVUggQONakhsrYue3
        t/9cix8Y+LcQxH1DhLezDKfl1dRUSLDwpezv2/FhVkRxw3WWKAan+B8Rn9tKHIYu
        sphu1FoNkLIUMJVr8QbBNaU3auKuSVOxu2borw9qWCl74eROw15W2YY/8rqPKPfg
        wdG5Pdv0JQKBgQC0jYYZ8gxcXEbFm1uvwg/w4V9vSqnGi3AYQFilYwnwVW53fgS3
        WKiKkCDmF/s+cmxW+cZpsXa1esvhYtH1JeHCYqh9uGNOmQZz3I06JMy+miMdh84n
        qcI3Co6BI9Ptl6ewXni6jC+27CjWcV1nW86K1eoU4mIaUSsj8XKZeBm9WQKBgFd6
        nzM2Bn2QhAaqOYNNlgz8lu8qmNvzCWiyBNfaE4IfF3lnQaxtGlT1vqbHvxaOLCzK
        UmcPjN+GmW57C5A7D3tnyInnC6zv118otF19GJIVUFkAI9uVODJPjunfJ/xARkXU
        mkqrqkWdYC67eSIAle4TSOz1+yAEZ/7BBZpyK9kVAoGBAMFtNUgs/tBT1eMZryNB
        clj2wCR8JiDLXKjKzhaxOPdQ+8Pun4LfWmQ5ONYVD0lszYAh7keeHTShGvyCLZw8
        jSuIyMi+tv06KwvrBuzW75WsRdqgrzIxdb17fVhkOjnQ57NP+MmT5bUY7ylYiCWv
        drgVirYLGgEsD5uzQn2m/lOf
        -----END PRIVATE KEY-----
        """;

    public const string PublicKeyPem = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlPJ8j2/Vten0U+be0RHh
        i/QLtHJXNBXpTnRqyL/yI9+wtfOEkVI//h82DUzY6XhY+Hup9VUoA0TXgeRWQ3kr
        W2bQiaS80ia4dtflWpIzTcWmmVaARD7414GitBYVwE7ilnieB0w81v5iDyHaYbRa
        o7bo0AZBHVegpx3lEZ3pYsL+4L0OC9DPGu7mk3IWp1vtHYaYKnM3Tq1R8kuqy4CY
        IjmqaJ5AXsBdMvpa7WuVMOparjTRa4DHeJcUYIBg2zZXxMl1S+hskX3lzpkuot1n
        XDuFNS7mTcwJzY+I+PT4X3nU/+DvzPMrSuNMo7hbCDg8oQHTpYwA/qrLu78NPU83
        pwIDAQAB
        -----END PUBLIC KEY-----
        """;

    /// <summary>
    /// Over <c>POST /amsin/api/v2/business/worldcard/queryCardSensitiveInfo\n5J5Y3N2YTEST01.2019-04-04T12:08:56+08:00.{"assetId":"ASSET-1"}</c>:
    /// the request <see cref="WorldFirstTestHost"/> sends for <c>ASSET-1</c> at its clock's time.
    /// </summary>
    public const string RequestSignature = "Ns7gQRzUsUxoPqwB1vvecx/dcddQwAa/g8bRMe20KuXQHWD+eCN3hu6ZED/oZdGhqmJ+sda5nRMeEjhK1gZStN+s/B1wdYWA5ICq/VzL6FTFHhKMedM4wJtveuY/3ZTQdIv4MhUEA/5ktOzYAXJYMzTMKKn7NM4wntnMdk+FpwPy2ktmRdwn09SUwEWhJQtH0mGnzNYDAQT5RAezUpuVG1FmnoL9ALhkXOnX4kg/sNjuhriEA3mVxZ4qBBhv67BBjkkucVmmvGkPpdYD0l/5IEiJiCd7SiLL5Zu6rHODSnz6GMyRkpW/B/ACxQfyBE56yPIqvT+2FOtrUYXJtghW4w==";

    /// <summary>
    /// Over the same method and path, then <c>\n5J5Y3N2YTEST01.2019-04-04T12:09:01+08:00.</c> and the body of
    /// <see cref="WorldFirstResponses.Success"/> for <c>ASSET-1</c> with its default card number and CVV.
    /// </summary>
    public const string ResponseSignature = "O8yIE6FXMPe5bf7Pj+JdSuWKP4WguKvUi40GaFfwaupoPSIXizF4hihR6nd+daZjV01zM/Ql/cF8xTOSauiyxHzB2Zlt2uP5OGUKrPOS+UVINHD5PFDiESelJyUOhZEDjHFIMmQ2dL8qC08z51bHqatLM0aNaWLMN3/iqHszvStcxfdo4XRuhVSCxn9m02rcUgoHLl2gaeDX4Jpvw36HlvAzsfQNHUZrH2h6e6S2LK/DeBB8b8fLr3vP8cES8rWDf7u1qPirqSrc2eE3zO0XoqqOvD/GEQ/PiZtrsdO2+aOw33Ois5UTcU+c+lKouVd3p2JAmc4PP1fEne3vlNXXMg==";
}
