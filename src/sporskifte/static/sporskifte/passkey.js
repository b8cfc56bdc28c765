// Passkeys (WebAuthn): a form marked data-passkey="create" or "get" asks the browser to make
// or use a passkey with the server's options (the JSON block #passkey-options), puts the answer
// into the form's hidden passkey_response field and sends the form; the server checks it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-passkey]");
  var optionsElement = document.getElementById("passkey-options");
  if (!form || !optionsElement || !window.PublicKeyCredential) { return; }
  var mode = form.dataset.passkey;
  var field = form.querySelector("input[name=passkey_response]");
  var error = form.querySelector("[data-passkey-error]");

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = window.atob(base64 + "====".slice(base64.length % 4 || 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBytes(descriptors) {
    return (descriptors || []).map(function (descriptor) {
      return { type: descriptor.type, id: toBytes(descriptor.id), transports: descriptor.transports };
    });
  }

  function publicKeyOptions() {
    var options = JSON.parse(JSON.parse(optionsElement.textContent));
    options.challenge = toBytes(options.challenge);
    if (mode === "create") {
      options.user.id = toBytes(options.user.id);
      options.excludeCredentials = withBytes(options.excludeCredentials);
    } else {
      options.allowCredentials = withBytes(options.allowCredentials);
    }
    return options;
  }

  function asJson(credential) {
    var response = credential.response;
    var answer = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(response.clientDataJSON) }
    };
    if (mode === "create") {
      answer.response.attestationObject = toBase64url(response.attestationObject);
      if (response.getTransports) { answer.response.transports = response.getTransports(); }
    } else {
      answer.response.authenticatorData = toBase64url(response.authenticatorData);
      answer.response.signature = toBase64url(response.signature);
      if (response.userHandle) { answer.response.userHandle = toBase64url(response.userHandle); }
    }
    return JSON.stringify(answer);
  }

  form.addEventListener("submit", function (event) {
    if (field.value) { return; }
    event.preventDefault();
    if (error) { error.hidden = true; }
    var request = { publicKey: publicKeyOptions() };
    var asked = mode === "create"
      ? navigator.credentials.create(request)
      : navigator.credentials.get(request);
    asked.then(function (credential) {
      field.value = asJson(credential);
      form.submit();
    }).catch(function () {
      if (error) { error.hidden = false; }
    });
  });
}());
